import { editDistance } from '../core/config-load.js';
import { ENGINE_RULES } from '../core/engine-rules.js';
import { LESSON_IDS } from '../core/types.js';
import { renderExplain } from '../lessons/explain.js';
import { SQL_RULE_IDS, TS_RULE_IDS } from '../catalogue.js';

export interface ExplainIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  color: boolean;
  /** Terminal width to wrap at; 80 when not given. */
  width?: number;
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;

function explainableIds(): string[] {
  // The generated id lists: suggesting a name loads no rule module.
  return [...LESSON_IDS, ...SQL_RULE_IDS, ...TS_RULE_IDS, ...ENGINE_RULES.map((r) => r.id)];
}

/** The candidate nearest to `input`, or null when none is close enough to be a plausible typo. */
export function closestId(input: string, candidates: readonly string[]): string | null {
  const limit = Math.max(2, Math.floor(input.length / 3));
  let best: string | null = null;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const prefix = input.length >= 3 && (candidate.startsWith(input) || input.startsWith(candidate));
    const distance = prefix ? 1 : editDistance(input, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function unknownIdMessage(id: string): string {
  const suggestion = closestId(id, explainableIds());
  const hint = suggestion === null ? '' : ` Did you mean '${suggestion}'?`;
  return `pipelint: '${id}' is neither a lesson nor a rule.${hint} Lessons: ${LESSON_IDS.join(', ')}; run \`pipelint rules\` for the rules.\n`;
}

/** `pipelint explain <lesson-id|rule-id>`: prints the lesson or the rule page; 2 for a missing or unknown id. */
export function explainCommand(args: string[], io: ExplainIO): number {
  if (args.length !== 1) {
    io.stderr(`pipelint: explain takes one lesson or rule id, e.g. \`pipelint explain ${LESSON_IDS[0]}\`. Lessons: ${LESSON_IDS.join(', ')}.\n`);
    return EXIT_USAGE;
  }
  const text = renderExplain(args[0], { color: io.color, width: io.width });
  if (text === null) {
    io.stderr(unknownIdMessage(args[0]));
    return EXIT_USAGE;
  }
  io.stdout(text);
  return EXIT_OK;
}
