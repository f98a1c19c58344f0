import hljs from 'highlight.js';
import MarkdownIt from 'markdown-it';
import { esc } from './html.js';

/**
 * Markdown for untrusted model outputs: raw HTML is not allowed (it is shown as text), links are kept only for
 * http(s) and mailto (markdown-it refuses javascript:, vbscript:, file: and data: other than images; we
 * refuse every other scheme too, images included), and code blocks are highlighted by highlight.js, whose
 * output is escaped text in spans.
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
md.validateLink = (url: string): boolean => /^(https?:|mailto:)/i.test(url.trim());
const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
  tokens[idx].attrSet('rel', 'nofollow noopener noreferrer');
  return defaultLinkOpen(tokens, idx, options, env, self);
};
md.renderer.rules.image = (tokens, idx) => `<span class="muted">[image: ${esc(tokens[idx].content)}]</span>`;

/** Renders untrusted markdown to inert HTML. */
export function renderMarkdown(text: string): string {
  return md.render(text);
}
