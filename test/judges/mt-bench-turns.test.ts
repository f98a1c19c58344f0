import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeOpenAI } from '../helpers/fake-openai.js';
import { runCli, runCliAsync, tempDir } from '../helpers/cli.js';

const dir = new URL('../fixtures/mtbench/mamba/', import.meta.url).pathname;
const jsonl = (f: string) =>
  gunzipSync(readFileSync(join(dir, f)))
    .toString('utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('MT-Bench answers of two turns, judged per turn as FastChat does', () => {
  const server = new FakeOpenAI();
  beforeAll(() => server.start());
  afterAll(() => server.stop());

  it('imports questions, two-turn answers and reference answers; every judge prompt equals the one FastChat sent', async () => {
    const work = tempDir();
    const imp = runCli(
      ['import', 'mt-bench', join(dir, 'question.jsonl.gz'), join(dir, 'mamba2-hybrid-8b-3t-128k.jsonl.gz')],
      { cwd: work },
    );
    expect(imp.status, imp.stderr).toBe(0);
    expect(imp.stderr).toMatch(/80 new responses, 80 new items/);
    const refs = runCli(['import', 'mt-bench', join(dir, 'reference_answer-gpt-4.jsonl.gz'), '--references'], {
      cwd: work,
    });
    expect(refs.status, refs.stderr).toBe(0);
    const n0 = server.requests.length;
    // exact_prompts: the published prompt to the letter (no nonce boundaries around the answers)
    writeFileSync(
      join(work, 'winrate.yaml'),
      `judge: { preset: mt_bench_single, model: gpt-4, name: gpt-4, base_url: ${server.url} }\ndataset: mt-bench\nexact_prompts: true\n`,
    );
    const r = await runCliAsync(['judge', '-c', join(work, 'winrate.yaml')], { cwd: work });
    expect(r.status, r.stderr).toBe(0);
    const sent = server.requests
      .slice(n0)
      .map((q) => ({ system: q.messages[0].content as string, user: q.messages.at(-1)!.content as string }));
    expect(sent).toHaveLength(160); // 80 questions × 2 turns
    // the real judgment file of this model: FastChat's prompt for every (question, turn), four judge prompts
    const real = jsonl('gpt-4_single.mamba2.jsonl.gz') as {
      question_id: number;
      turn: number;
      judge: [string, string];
      user_prompt: string;
    }[];
    expect(new Set(real.map((x) => x.judge[1]))).toEqual(
      new Set(['single-v1', 'single-v1-multi-turn', 'single-math-v1', 'single-math-v1-multi-turn']),
    );
    const ours = new Set(sent.map((s) => s.user));
    const missing = real
      .filter((x) => !ours.has(x.user_prompt))
      .map((x) => `${x.question_id}/${x.turn} (${x.judge[1]})`);
    expect(missing).toEqual([]);
    const multi = sent.filter(
      (s) =>
        s.user.startsWith("<|The Start of Assistant A's Conversation with User|>") ||
        s.user.startsWith('<|The Start of Reference Answer|>'),
    );
    expect(multi).toHaveLength(80);
    expect(
      multi.every((s) =>
        /You evaluation should focus on the assistant's answer to the second (user )?question/.test(s.system),
      ),
    ).toBe(true);
    // grades per turn: the leaderboard has both turns
    const lb = JSON.parse(
      runCli(['leaderboard', '--method', 'mt-bench', '--format', 'json'], { cwd: work }).stdout,
    ) as { system: string; n: number; turn_1: number; turn_2: number }[];
    expect(lb).toHaveLength(1);
    expect(lb[0]).toMatchObject({ system: 'mamba2-hybrid-8b-3t-128k', n: 160 });
    expect(Number.isFinite(lb[0].turn_2)).toBe(true);
  });
});
