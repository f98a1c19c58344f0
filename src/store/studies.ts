/** A human side-by-side study: tasks (item, two systems, optional gold answer), annotators, votes. */
export interface StudySpec {
  name: string;
  dataset?: string;
  /** Against one baseline, or all pairs of the systems. */
  design: { kind: 'baseline'; baseline: string } | { kind: 'all-pairs' };
  systems?: string[];
  votesWanted: number;
  /** Gold tasks: item key → the system that must win (or "tie"). */
  gold?: Record<string, string>;
}

/** What a voter sees: blind (no system names), sides already randomised. */
export interface VoteTask {
  taskId: number;
  instruction: string;
  left: string;
  right: string;
  /** 1 when the left response is system X (kept server-side; posted back signed). */
  leftIsX: boolean;
  done: number;
  total: number;
}

/** A recorded vote. */
export interface VoteInput {
  study: string;
  annotator: string;
  taskId: number;
  leftIsX: boolean;
  choice: 'left' | 'right' | 'tie' | 'both_bad';
  reason?: string;
}

/** The storage a study needs; every backend implements it (see openStore). Votes are also written as comparisons (judge "human:NAME"). */
export interface StudyStore {
  createStudy(spec: StudySpec): Promise<{ tasks: number; gold: number }>;
  /** Registers an annotator with the SHA-256 of their token. */
  addAnnotator(study: string, name: string, tokenHash: string): Promise<void>;
  /** The annotator a token hash belongs to in a study, or null. */
  annotatorByToken(study: string, tokenHash: string): Promise<string | null>;
  /** The next task for an annotator (fewest votes first, never one they voted on, none with enough votes), or null when done. */
  nextTask(study: string, annotator: string): Promise<VoteTask | null>;
  /** Stores a vote and its comparison; false if this annotator already voted on the task. */
  recordVote(v: VoteInput): Promise<boolean>;
  /** Every vote with what the annotator saw, for export and quality. */
  studyVotes(study: string): Promise<StudyVote[]>;
}

/** One vote with its context. */
export interface StudyVote {
  taskId: number;
  itemKey: string;
  annotator: string;
  systemX: string;
  systemY: string;
  leftSystem: string;
  choice: string;
  /** The system the annotator preferred, "tie" or "both_bad". */
  winner: string;
  gold: string | null;
  reason: string | null;
  createdAt: string;
}
