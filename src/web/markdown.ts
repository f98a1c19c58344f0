import hljs from 'highlight.js';
import MarkdownIt from 'markdown-it';
import { esc, neutraliseBidi } from './html.js';
import { isImageUrl } from '../judges/images.js';

/**
 * Markdown for untrusted model outputs: raw HTML is not allowed (it is shown as text), links are kept only for
 * http(s) and mailto, images only for https URLs and base64 PNG/JPEG/GIF/WebP data URIs (shown, for multimodal
 * items and outputs, without referrer), every other scheme refused; code blocks are highlighted by highlight.js,
 * whose output is escaped text in spans.
 */
const md = new MarkdownIt({
  html: false,
  linkify: false,
  highlight(code, lang) {
    const language = lang && hljs.getLanguage(lang) ? lang : undefined;
    const body = language ? hljs.highlight(code, { language, ignoreIllegals: true }).value : esc(code);
    return `<pre class="hljs"><code>${body}</code></pre>`;
  },
});
md.validateLink = (url: string): boolean => /^(https?:|mailto:)/i.test(url.trim()) || isImageUrl(url.trim());
const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  if (!/^(https?:|mailto:)/i.test(String(tokens[idx].attrGet('href') ?? ''))) tokens[idx].attrSet('href', '#'); // data: only for images
  tokens[idx].attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// Images (multimodal items and outputs): https URLs and base64 PNG/JPEG/GIF/WebP only, never SVG or scripts.
md.renderer.rules.image = (tokens, idx, _options, renderEnv) => {
  const env = renderEnv as RenderOptions | undefined;
  const src = String(tokens[idx].attrGet('src') ?? '');
  if (!isImageUrl(src)) return `<span class="muted">[image: ${esc(tokens[idx].content)}]</span>`;
  if (src.startsWith('https:') && env?.remoteMedia && !env.remoteMedia(src)) return externalMediaLink(src, 'image');
  return `<img src="${esc(src)}" alt="${esc(tokens[idx].content)}" loading="lazy" referrerpolicy="no-referrer" style="max-width:100%">`;
};

/** Options of {@link renderMarkdown}. */
export interface RenderOptions {
  /**
   * Whether an https media URL may be loaded by the page (default: yes). Pages shown to annotators load only
   * allow-listed hosts: any other URL becomes a link, so a third-party host learns nothing unless the reader opts in.
   */
  remoteMedia?: (url: string) => boolean;
}

/** An external media URL as an opt-in link (no referrer, new tab) naming its host. */
export function externalMediaLink(url: string, kind: string): string {
  return `<a href="${esc(url)}" rel="nofollow noopener noreferrer" target="_blank">[external ${esc(kind)} at ${esc(new URL(url).host)} — open]</a>`;
}

/** Renders untrusted markdown to inert HTML (bidi controls made visible). */
export function renderMarkdown(text: string, options: RenderOptions = {}): string {
  return md.render(neutraliseBidi(text), options as Record<string, unknown>);
}
