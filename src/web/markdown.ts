import hljs from 'highlight.js';
import MarkdownIt from 'markdown-it';
import { esc } from './html.js';
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
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  if (!/^(https?:|mailto:)/i.test(String(tokens[idx].attrGet('href') ?? ''))) tokens[idx].attrSet('href', '#'); // data: only for images
  tokens[idx].attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};
// Images (multimodal items and outputs): https URLs and base64 PNG/JPEG/GIF/WebP only, never SVG or scripts.
md.renderer.rules.image = (tokens, idx) => {
  const src = String(tokens[idx].attrGet('src') ?? '');
  return isImageUrl(src)
    ? `<img src="${esc(src)}" alt="${esc(tokens[idx].content)}" loading="lazy" referrerpolicy="no-referrer" style="max-width:100%">`
    : `<span class="muted">[image: ${esc(tokens[idx].content)}]</span>`;
};

/** Renders untrusted markdown to inert HTML. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
