import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findImages } from '../../src/judges/images.js';
import { renderMarkdown } from '../../src/web/markdown.js';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCliAsync, tempDir } from '../helpers/cli.js';

// a 1×1 PNG
const PNG =
  'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('multimodal judging', () => {
  const server = new FakeOpenAI();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  function files(dir: string): string[] {
    const out = {
      base: (i: number) => `Here is the chart:\n\n![chart ${i}](https://example.org/charts/${i}.png)`,
      good: () => `A good chart, good:\n\n![chart](${PNG})`,
    };
    return Object.entries(out).map(([name, f]) => {
      const p = join(dir, `${name}.json`);
      writeFileSync(
        p,
        JSON.stringify(
          Array.from({ length: 3 }, (_, i) => ({
            instruction: `Plot series ${i}.\n\n![data](https://example.org/data/${i}.png)`,
            output: f(i),
            generator: name,
          })),
        ),
      );
      return p;
    });
  }

  it('finds markdown images and bare image URLs, https or base64 data URIs only', () => {
    expect(
      findImages(
        `see ![a](https://x.org/a.png) and ![b](javascript:alert(1)) ![c](http://x.org/c.png)\nhttps://x.org/d.jpg\n${PNG}`,
      ),
    ).toEqual(['https://x.org/a.png', 'https://x.org/d.jpg', PNG]);
    expect(findImages('![svg](data:image/svg+xml;base64,PHN2Zz4=)')).toEqual([]);
  });

  it('sends the images of the instruction and both responses as image_url parts (OpenAI-compatible), each after its label', async () => {
    const dir = tempDir();
    const n0 = server.requests.length;
    const r = await runCliAsync(
      [
        'judge',
        '--preset',
        'arena_hard',
        '--model',
        'vision-judge',
        '--base-url',
        server.url,
        '--baseline',
        'base',
        '--outputs',
        ...files(dir),
      ],
      { cwd: dir },
    );
    expect(r.status, r.stderr).toBe(0);
    const sent = server.requests.slice(n0);
    expect(sent).toHaveLength(6);
    const parts = sent[0].messages.at(-1)!.content as { type: string; text?: string; image_url?: { url: string } }[];
    expect(parts[0].type).toBe('text');
    const images = parts.filter((p) => p.type === 'image_url').map((p) => p.image_url!.url);
    expect(images).toHaveLength(3);
    expect(images[0]).toMatch(/^https:\/\/example\.org\/data\/\d\.png$/);
    expect(images).toContain(PNG);
    expect(
      parts
        .filter((p) => p.type === 'text')
        .map((p) => p.text)
        .slice(1),
    ).toEqual(['(image 1 of the instruction)', '(image 1 of response A)', '(image 1 of response B)']);
  });

  it('sends Anthropic image blocks: base64 for data URIs, url sources for https', async () => {
    const dir = tempDir();
    const n0 = server.requests.length;
    const r = await runCliAsync(
      [
        'judge',
        '--preset',
        'mt_bench_pairwise',
        '--provider',
        'anthropic',
        '--model',
        'claude-vision',
        '--base-url',
        server.url.replace(/\/v1$/, ''),
        '--baseline',
        'base',
        '--outputs',
        ...files(dir),
      ],
      { cwd: dir, env: { ANTHROPIC_API_KEY: 'k' } },
    );
    expect(r.status, r.stderr).toBe(0);
    const blocks = server.requests[n0].messages.at(-1)!.content as {
      type: string;
      source?: { type: string; media_type?: string; data?: string; url?: string };
    }[];
    const sources = blocks.filter((b) => b.type === 'image').map((b) => b.source!);
    expect(sources.map((s) => s.type).sort()).toEqual(['base64', 'url', 'url']);
    expect(sources.find((s) => s.type === 'base64')).toMatchObject({
      media_type: 'image/png',
      data: PNG.split(',')[1],
    });
  });

  it('shows https and base64 images in pages, never SVG or script URLs', () => {
    const html = renderMarkdown(
      `![ok](${PNG}) ![web](https://x.org/a.png) ![svg](data:image/svg+xml;base64,PHN2Zz4=) ![js](javascript:alert(1)) [link](${PNG})`,
    );
    expect(html).toContain(`<img src="${PNG}" alt="ok"`);
    expect(html).toContain('<img src="https://x.org/a.png" alt="web" loading="lazy" referrerpolicy="no-referrer"');
    expect(html).not.toMatch(/<img[^>]+src="(?:data:image\/svg|javascript)/); // refused images stay inert text
    expect(html).not.toMatch(/href="(?:javascript|data):/);
    expect(html).toContain('<a href="#"'); // a data: URI is an image source, never a link target
  });
});
