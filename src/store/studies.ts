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

/**
 * The storage a study needs; every backend implements it (see openStore). Votes are also written as comparisons (judge
 * "human:NAME").
 */
export interface StudyStore {
  createStudy(spec: StudySpec): Promise<{ tasks: number; gold: number }>;
  /** Registers an annotator with the SHA-256 of their token. */
  addAnnotator(study: string, name: string, tokenHash: string): Promise<void>;
  /** The annotator a token hash belongs to in a study, or null. */
  annotatorByToken(study: string, tokenHash: string): Promise<string | null>;
  /**
   * The next task for an annotator (fewest votes first, never one they voted on, none with enough votes), or null when
   * done.
   */
  nextTask(study: string, annotator: string): Promise<VoteTask | null>;
  /**
   * Stores a vote and its comparison in one transaction, unless the annotator already voted on the task, the task
   * already has the votes the study wants (a stale form), the study is closed or the annotator revoked.
   */
  recordVote(v: VoteInput): Promise<VoteOutcome>;
  /** Every vote with what the annotator saw, for export and quality. */
  studyVotes(study: string): Promise<StudyVote[]>;
  /** Closes a study: no more tasks are shown nor votes taken; its votes stay (and become public on the dashboard). */
  closeStudy(study: string): Promise<void>;
  /** Revokes an annotator's link: their token no longer opens the study; their votes stay. */
  revokeAnnotator(study: string, name: string): Promise<void>;
  /** Every study with whether it is open and its annotators' judge names (`human:NAME`). */
  listStudies(): Promise<StudyInfo[]>;
  /**
   * A named secret of this store (created at random on first use and kept), e.g. the key that seals vote forms,
   * so that every server process on the store, and a restarted one, accepts the forms it handed out.
   */
  secret(name: string): Promise<string>;
}

/** What became of a vote. */
export type VoteOutcome = 'recorded' | 'already_voted' | 'task_full' | 'closed';

/** A study's state, for the server's blindness rules and `winrate study list`. */
export interface StudyInfo {
  name: string;
  open: boolean;
  tasks: number;
  votes: number;
  votesWanted: number;
  /** `human:NAME` of each annotator (revoked ones included: their votes are still the study's). */
  judges: string[];
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
