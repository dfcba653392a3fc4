export interface ExtractFigures {
  markdown: string[];
}

/** Filled in with the extracts (issue: evaluation extracts); until then, nothing is measured. */
export async function extractBench(_options: {
  get: string;
  admin: string;
  evaluator: string;
  ownerUrl: string;
  log: (line: string) => void;
  from: string;
  to: string;
}): Promise<ExtractFigures | undefined> {
  return undefined;
}
