import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  compareEntries,
  compareText,
  entryKey,
  formatSoakJson,
  parseManifest,
  parseTriage,
  readJsonFile,
  readJsonOr,
  SoakFormatError,
  triageReposOutsideManifest,
  type ManifestRepo,
  type TriageEntry,
} from './format.js';

/** Same content, whatever the key order. */
function sameJson(a: object, b: object): boolean {
  const canonical = (o: object): string => JSON.stringify(Object.fromEntries(Object.entries(o).sort(([x], [y]) => compareText(x, y))));
  return canonical(a) === canonical(b);
}

/**
 * Merges every soak/parts/*.manifest.json into soak/manifest.json and every *.triage.json into
 * soak/triage.json: validated, deduplicated and sorted. Two different records for one repository or one
 * (repo, path, line, rule) are a conflict: nothing is written and no part is deleted. The parts are
 * deleted only after both files are written.
 */
export function mergeParts(soakDir: string): { parts: string[]; repositories: number; entries: number } {
  const partsDir = path.join(soakDir, 'parts');
  const names = fs.existsSync(partsDir) ? fs.readdirSync(partsDir).filter((n) => n.endsWith('.manifest.json') || n.endsWith('.triage.json')).sort() : [];
  if (names.length === 0) throw new SoakFormatError(`no part files (*.manifest.json, *.triage.json) in ${partsDir}`);

  const repos = new Map<string, { record: ManifestRepo; from: string }>();
  const entries = new Map<string, { record: TriageEntry; from: string }>();
  const conflicts: string[] = [];
  const addRepo = (record: ManifestRepo, from: string): void => {
    const known = repos.get(record.repo);
    if (known && !sameJson(known.record, record)) conflicts.push(`${record.repo}: ${known.from} and ${from} disagree`);
    if (!known) repos.set(record.repo, { record, from });
  };
  const addEntry = (record: TriageEntry, from: string): void => {
    const key = entryKey(record);
    const known = entries.get(key);
    if (known && !sameJson(known.record, record)) {
      conflicts.push(`${record.repo} ${record.path}:${record.line} ${record.rule}: ${known.from} and ${from} disagree`);
    }
    if (!known) entries.set(key, { record, from });
  };

  const manifestFile = path.join(soakDir, 'manifest.json');
  const triageFile = path.join(soakDir, 'triage.json');
  for (const r of parseManifest(readJsonOr(manifestFile, { repositories: [] }), 'soak/manifest.json').repositories) addRepo(r, 'manifest.json');
  for (const e of parseTriage(readJsonOr(triageFile, { entries: [] }), 'soak/triage.json').entries) addEntry(e, 'triage.json');
  for (const name of names) {
    const value = readJsonFile(path.join(partsDir, name));
    // A part need not be sorted: sort it before validating, so only real problems stop the merge.
    if (name.endsWith('.manifest.json')) {
      const list = sortedCopy(value, 'repositories', (a, b) => compareText(String(a.repo), String(b.repo)));
      for (const r of parseManifest(list, `parts/${name}`).repositories) addRepo(r, `parts/${name}`);
    } else {
      const list = sortedCopy(value, 'entries', (a, b) => compareEntries(a as unknown as TriageEntry, b as unknown as TriageEntry));
      for (const e of parseTriage(list, `parts/${name}`).entries) addEntry(e, `parts/${name}`);
    }
  }
  if (conflicts.length > 0) throw new SoakFormatError(`the parts conflict; nothing was merged:\n  ${conflicts.join('\n  ')}`);

  const manifest = { repositories: [...repos.values()].map((r) => r.record).sort((a, b) => compareText(a.repo, b.repo)) };
  const triage = { entries: [...entries.values()].map((e) => e.record).sort(compareEntries) };
  const strays = triageReposOutsideManifest(manifest, triage);
  if (strays.length > 0) throw new SoakFormatError(`the triage judges repositories the manifest does not list: ${strays.join(', ')}; nothing was merged`);
  fs.writeFileSync(manifestFile, formatSoakJson('repositories', manifest.repositories));
  fs.writeFileSync(triageFile, formatSoakJson('entries', triage.entries));
  for (const name of names) fs.rmSync(path.join(partsDir, name));
  if (fs.readdirSync(partsDir).length === 0) fs.rmdirSync(partsDir);
  return { parts: names, repositories: manifest.repositories.length, entries: triage.entries.length };
}

function sortedCopy(value: unknown, key: string, compare: (a: Record<string, unknown>, b: Record<string, unknown>) => number): unknown {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as Record<string, unknown>)[key])) return value;
  const list = [...((value as Record<string, unknown>)[key] as unknown[])];
  if (list.every((item) => typeof item === 'object' && item !== null)) list.sort((a, b) => compare(a as Record<string, unknown>, b as Record<string, unknown>));
  return { ...(value as object), [key]: list };
}
