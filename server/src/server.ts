import { existsSync, promises as fs } from 'node:fs';
import { dirname, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DocumentDiagnosticReportKind,
  ErrorCodes,
  MessageType,
  ShowMessageNotification,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  type CancellationToken,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type CodeLensParams,
  type DidChangeWatchedFilesParams,
  type InlayHint,
  type InlayHintParams,
  type Connection,
  type Diagnostic,
  type DocumentDiagnosticParams,
  type DocumentDiagnosticReport,
  type Hover,
  type HoverParams,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
  type WorkDoneProgressServerReporter,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  clearConfigCache,
  decodeSource,
  docsLinks,
  ENGINE_RULES,
  findRuleMeta,
  engineRuleMarkdown,
  renderRuleMarkdown,
  type DocsLinkOptions,
  ConfigError,
  DEFAULT_CONFIG,
  DEFAULT_EDITOR_SETTINGS,
  beginProjectRun,
  findDbtProjectRoot,
  forgetDbtFile,
  mergedHints,
  understand,
  isDbtYamlFile,
  type Understood,
  formatConfigError,
  isIgnoredByConfig,
  isLessonId,
  ensureLanguages,
  languageOf,
  languageReady,
  LESSON_IDS,
  lessons,
  loadConfigForFile,
  renderHoverCard,
  renderLessonMarkdown,
  RULE_ERROR,
  type Finding,
  type LoadedConfig,
  type ResolvedConfig,
} from '@pipelint/engine';
import { codeActionsFor } from './code-actions.js';
import { findingsToDiagnostics, SOURCE } from './diagnostics.js';
import { hoverAt } from './hover.js';
import { lintFilename, lintForEditor } from './lint-document.js';
import {
  LessonListRequest,
  LessonRequest,
  LintWorkspaceRequest,
  RuleDocsRequest,
  StatusNotification,
  type InitializationOptions,
  type LessonParams,
  type LessonResult,
  type LessonSummary,
  type LintWorkspaceParams,
  type LintWorkspaceResult,
  type PipelintSettings,
  type RuleDocsParams,
  type RuleDocsResult,
  type FindingCounts,
  type ServerState,
  type StatusParams,
} from './protocol.js';
import { applySettings, normalizeSettings } from './settings.js';
import { holdUnfinished } from './unfinished.js';
import { lintableFiles } from './workspace-files.js';

interface Capabilities {
  configuration: boolean;
  pullDiagnostics: boolean;
  diagnosticRefresh: boolean;
  watchedFilesRegistration: boolean;
  configurationRegistration: boolean;
  workDoneProgress: boolean;
  lessonCommand: boolean;
  workspaceFolderEvents: boolean;
  codeLensRefresh: boolean;
  clientWatchesProjectFiles: boolean;
}

/** The lint of one document version under one configuration generation. */
interface CacheEntry {
  version: number;
  generation: number;
  findings: Finding[];
  diagnostics: Diagnostic[];
  /** True when the `pipelint.enable` setting turned linting off for this document. */
  disabled: boolean;
  /** How this document's docs links are written: the client's link style and the docsBaseUrl that applies. */
  links: DocsLinkOptions;
  /** The text linted, and whether it is SQL, for the unfinished-statement guard of the next version. */
  text: string;
  sql: boolean;
  /** The dbt project root whose files this lint read, or null. */
  dbtRoot: string | null;
  /** Bumped per dbt project when one of its files changes on disk; part of the pull result id. */
  projectStamp: number;
}

const CONFIG_GLOBS = ['**/pipelint.config.json', '**/.pipelintrc.json'];
/** dbt project files a model's lint reads: dbt_project.yml, properties files, dbt's manifest. */
export const DBT_GLOBS = ['**/dbt_project.yml', '**/*.yml', '**/*.yaml', '**/target/manifest.json'];

function isConfigFile(file: string): boolean {
  return /(?:^|[\\/])(?:pipelint\.config\.json|\.pipelintrc\.json)$/.test(file);
}

/** The dbt project a changed file belongs to: the folder of dbt_project.yml, above `target/` for the manifest. */
function dbtRootOfChange(file: string): string | null {
  if (/[\\/]dbt_project\.yml$/.test(file)) return dirname(file);
  if (/[\\/]target[\\/]manifest\.json$/.test(file)) return findDbtProjectRoot(dirname(file)) ?? dirname(dirname(file));
  if (/\.ya?ml$/i.test(file)) return findDbtProjectRoot(file);
  return null;
}

function uriToPath(uri: string): string | null {
  return uri.startsWith('file:') ? fileURLToPath(uri) : null;
}

function pathToUri(path: string): string {
  return pathToFileURL(path).href;
}

/** Counts findings the way the Problems panel shows them: hints apart, errors among the listed ones. */
function countFindings(findings: readonly Finding[]): FindingCounts {
  const counts: FindingCounts = { findings: 0, errors: 0, hints: 0 };
  for (const f of findings) {
    if (f.severity === 'hint') counts.hints++;
    else counts.findings++;
    if (f.severity === 'error') counts.errors++;
  }
  return counts;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Wires LSP requests to the pure functions in this folder and keeps per-document state. */
export class PipelintServer {
  private readonly documents = new TextDocuments(TextDocument);
  private caps: Capabilities = {
    configuration: false,
    pullDiagnostics: false,
    diagnosticRefresh: false,
    watchedFilesRegistration: false,
    configurationRegistration: false,
    workDoneProgress: false,
    lessonCommand: false,
    workspaceFolderEvents: false,
    codeLensRefresh: false,
    clientWatchesProjectFiles: false,
  };
  /** dbt project root -> how many times its files changed on disk since the server started. */
  private readonly projectStamps = new Map<string, number>();
  private workspaceRoots: string[] = [];
  private globalSettings: PipelintSettings = DEFAULT_EDITOR_SETTINGS;
  private readonly settingsCache = new Map<string, Promise<PipelintSettings>>();
  private readonly knownDebounce = new Map<string, number>();
  private readonly cache = new Map<string, CacheEntry>();
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** When each document last changed (ms), for the debounce of pulled diagnostics. */
  private readonly lastChange = new Map<string, number>();
  /** Rules whose hover card was rendered once already, which loads and parses what every later card needs. */
  private readonly warmedHovers = new Set<string>();
  /** Bumped whenever settings or config files change, so cached lints are recomputed. */
  private generation = 0;
  /** Config file path -> the error reported for it. */
  private readonly configErrors = new Map<string, string>();
  /** Per file path: the configuration it was last linted with while its config files were valid. */
  private readonly lastWorkingConfig = new Map<string, LoadedConfig>();
  /** Files outside the editor whose findings pipelint/lintWorkspace published. */
  private readonly workspacePublished = new Map<string, FindingCounts>();
  /** Set by the first pipelint/lintWorkspace: from then on the status also counts the workspace. */
  private workspaceLinted = false;
  private readonly loggedOnce = new Set<string>();
  private lastStatus = '';

  constructor(private readonly connection: Connection) {
    connection.onInitialize((params) => this.initialize(params));
    connection.onInitialized(() => this.registerDynamic());
    connection.onHover((params) => this.hover(params));
    connection.onCodeAction((params) => this.codeActions(params));
    connection.languages.diagnostics.on((params) => this.pullDiagnostics(params));
    connection.onDidChangeConfiguration((params) => this.settingsChanged(params.settings));
    connection.onDidChangeWatchedFiles((params) => this.watchedFilesChanged(params));
    connection.onCodeLens((params) => this.codeLenses(params));
    connection.languages.inlayHint.on((params) => this.inlayHints(params));
    // Params may be missing on the wire whatever the types say, hence the optional chaining below.
    connection.onRequest(LintWorkspaceRequest, (params: LintWorkspaceParams | undefined, token: CancellationToken) =>
      this.lintWorkspace(params?.workDoneToken, token),
    );
    connection.onRequest(LessonRequest, (params: LessonParams | undefined) => this.lesson(params));
    connection.onRequest(LessonListRequest, () => this.lessonList());
    connection.onRequest(RuleDocsRequest, (params: RuleDocsParams | undefined) => this.ruleDocs(params));
    this.documents.onDidOpen((event) => this.opened(event.document.uri));
    this.documents.onDidChangeContent((event) => this.changed(event.document.uri));
    this.documents.onDidClose((event) => this.closed(event.document.uri));
    this.documents.listen(connection);
  }

  private initialize(params: InitializeParams): InitializeResult {
    const c = params.capabilities;
    const options = (params.initializationOptions ?? {}) as InitializationOptions;
    this.caps = {
      configuration: c.workspace?.configuration === true,
      pullDiagnostics: c.textDocument?.diagnostic !== undefined,
      diagnosticRefresh: c.workspace?.diagnostics?.refreshSupport === true,
      watchedFilesRegistration: c.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      configurationRegistration: c.workspace?.didChangeConfiguration?.dynamicRegistration === true,
      workDoneProgress: c.window?.workDoneProgress === true,
      lessonCommand: options.lessonLinks === 'command',
      workspaceFolderEvents: c.workspace?.workspaceFolders === true,
      codeLensRefresh: c.workspace?.codeLens?.refreshSupport === true,
      clientWatchesProjectFiles: options.watchesProjectFiles === true,
    };
    this.workspaceRoots = (params.workspaceFolders ?? []).map((f) => uriToPath(f.uri)).filter((p): p is string => p !== null);
    if (this.workspaceRoots.length === 0 && params.rootUri) {
      const root = uriToPath(params.rootUri);
      if (root) this.workspaceRoots.push(root);
    }
    const result: InitializeResult = {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        hoverProvider: true,
        codeLensProvider: { resolveProvider: false },
        inlayHintProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'pipelint' },
    };
    if (this.caps.pullDiagnostics) {
      result.capabilities.diagnosticProvider = { identifier: 'pipelint', interFileDependencies: false, workspaceDiagnostics: false };
    }
    return result;
  }

  private registerDynamic(): void {
    if (this.caps.watchedFilesRegistration) {
      const globs = this.caps.clientWatchesProjectFiles ? CONFIG_GLOBS : [...CONFIG_GLOBS, ...DBT_GLOBS];
      void this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: globs.map((globPattern) => ({ globPattern })) });
    }
    if (this.caps.configurationRegistration) {
      void this.connection.client.register(DidChangeConfigurationNotification.type, { section: 'pipelint' });
    }
    if (!this.caps.workspaceFolderEvents) return;
    this.connection.workspace.onDidChangeWorkspaceFolders((event) => {
      const removed = new Set(event.removed.map((f) => uriToPath(f.uri)));
      this.workspaceRoots = this.workspaceRoots.filter((r) => !removed.has(r));
      for (const f of event.added) {
        const p = uriToPath(f.uri);
        if (p) this.workspaceRoots.push(p);
      }
    });
  }

  // Settings and configuration files

  private normalize(raw: unknown): PipelintSettings {
    const { settings, problems } = normalizeSettings(raw);
    for (const problem of problems) this.logOnce(problem);
    return settings;
  }

  private settingsFor(uri: string): Promise<PipelintSettings> {
    if (!this.caps.configuration) return Promise.resolve(this.globalSettings);
    let settings = this.settingsCache.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'pipelint' }).then(
        (raw: unknown) => this.normalize(raw),
        () => DEFAULT_EDITOR_SETTINGS,
      );
      this.settingsCache.set(uri, settings);
    }
    return settings;
  }

  private settingsChanged(raw: unknown): void {
    this.settingsCache.clear();
    if (!this.caps.configuration) {
      const section = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>).pipelint : undefined;
      this.globalSettings = this.normalize(section);
    }
    this.relintOpenDocuments();
  }

  private watchedFilesChanged(params: DidChangeWatchedFilesParams | undefined): void {
    const changes = params?.changes ?? [];
    const files = changes.map((c) => uriToPath(c.uri)).filter((p): p is string => p !== null);
    // A client that sends no paths (or an old one) gets the old behaviour: everything is re-read.
    if (files.length === 0 || files.some(isConfigFile)) return this.configFilesChanged();
    const roots = new Set<string>();
    for (const file of files) {
      forgetDbtFile(file);
      const root = dbtRootOfChange(file);
      if (root !== null) roots.add(root);
    }
    if (roots.size > 0) this.dbtProjectChanged(roots);
  }

  /** Re-lints the open documents that read a changed dbt project's files, and only those. */
  private dbtProjectChanged(roots: ReadonlySet<string>): void {
    for (const root of roots) this.projectStamps.set(root, (this.projectStamps.get(root) ?? 0) + 1);
    const dependent = this.documents.all().filter((doc) => {
      const path = uriToPath(doc.uri);
      if (path === null) return false;
      const cached = this.cache.get(doc.uri)?.dbtRoot;
      return (cached !== undefined && cached !== null && roots.has(cached)) || [...roots].some((root) => path.startsWith(root + sep));
    });
    if (dependent.length === 0) return;
    if (this.caps.pullDiagnostics) {
      if (this.caps.diagnosticRefresh) void this.connection.languages.diagnostics.refresh();
      void this.refreshCodeLenses();
      return;
    }
    for (const doc of dependent) void this.lintAndPublish(doc.uri);
    void this.refreshCodeLenses();
  }

  private async refreshCodeLenses(): Promise<void> {
    if (!this.caps.codeLensRefresh) return;
    try {
      await this.connection.sendRequest('workspace/codeLens/refresh');
      await this.connection.sendRequest('workspace/inlayHint/refresh');
    } catch {
      // A client that cannot refresh asks again on its own.
    }
  }

  private configFilesChanged(): void {
    clearConfigCache();
    const broken = [...this.configErrors.keys()];
    this.configErrors.clear();
    for (const path of broken) this.recheckConfigFile(path);
    this.relintOpenDocuments();
  }

  private recheckConfigFile(path: string): void {
    if (existsSync(path)) {
      try {
        loadConfigForFile(path, { configFile: path });
      } catch (error) {
        if (error instanceof ConfigError) return this.reportConfigError(error);
      }
    }
    void this.connection.sendDiagnostics({ uri: pathToUri(path), diagnostics: [] });
    this.sendStatus();
  }

  /**
   * A config file is often broken only for the moment its author is typing in it. While it is, each file keeps
   * the configuration it was last linted with, so rules the user turned off do not flood in with the defaults;
   * a file never linted under a working config gets the defaults. The CLI, which has no earlier run to fall
   * back on, stops with exit 2 instead.
   */
  private loadConfig(filePath: string): LoadedConfig {
    try {
      const loaded = loadConfigForFile(filePath);
      this.lastWorkingConfig.set(filePath, loaded);
      return loaded;
    } catch (error) {
      if (error instanceof ConfigError) this.reportConfigError(error);
      else this.logOnce(`pipelint could not load the configuration for ${filePath}: ${String(error)}`);
      return this.lastWorkingConfig.get(filePath) ?? { config: DEFAULT_CONFIG, path: null };
    }
  }

  /** A broken config file gets a diagnostic at the offending spot and one notification, never a crash. */
  private reportConfigError(error: ConfigError): void {
    const text = formatConfigError(error);
    if (this.configErrors.get(error.path) === text) return;
    this.configErrors.set(error.path, text);
    const at = { line: Math.max(0, error.line - 1), character: Math.max(0, error.column - 1) };
    void this.connection.sendDiagnostics({
      uri: pathToUri(error.path),
      diagnostics: [{ range: { start: at, end: at }, severity: DiagnosticSeverity.Error, source: SOURCE, code: 'config-error', message: error.message }],
    });
    // A notification, not window/showMessageRequest: the server needs no answer and some clients give none.
    void this.connection.sendNotification(ShowMessageNotification.type, {
      type: MessageType.Warning,
      message: `pipelint: ${text}. Until it is fixed, files keep the configuration they were last linted with (new files get the defaults).`,
    });
    this.connection.console.error(`pipelint: ${text}`);
  }

  private configFor(uri: string, settings: PipelintSettings): ResolvedConfig | null {
    const filePath = uriToPath(uri);
    if (filePath === null) return applySettings(DEFAULT_CONFIG, settings);
    const loaded = this.loadConfig(filePath);
    if (isIgnoredByConfig(filePath, loaded)) return null;
    return applySettings(loaded.config, settings);
  }

  // Linting open documents

  private lintNow(doc: TextDocument, settings: PipelintSettings, previous: CacheEntry | undefined): CacheEntry {
    const text = doc.getText();
    const path = uriToPath(doc.uri);
    // Only SQL reads a dbt project; TypeScript lints pay nothing for it.
    const dbtRoot = path === null || languageOf(path) !== 'sql' ? null : findDbtProjectRoot(path);
    const projectStamp = dbtRoot === null ? 0 : (this.projectStamps.get(dbtRoot) ?? 0);
    const entry: CacheEntry = { version: doc.version, generation: this.generation, findings: [], diagnostics: [], disabled: !settings.enable, links: this.linkStyle(), text, sql: false, dbtRoot, projectStamp };
    const filename = lintFilename(path ?? doc.uri, doc.languageId);
    if (!settings.enable || filename === null) return entry;
    const config = this.configFor(doc.uri, settings);
    if (config === null) return entry;
    const result = lintForEditor(text, filename, config, settings.maxFileSizeKb, { error: (m) => this.logOnce(m) });
    for (const f of result.findings) if (f.ruleId === RULE_ERROR.id) this.logOnce(`${filename}: ${f.message}`);
    entry.sql = languageOf(filename) === 'sql' && result.outcome === 'whole';
    // An edit inside a statement still being typed keeps that statement's previous findings (see unfinished.ts).
    const guarded = entry.sql && previous?.sql === true && previous.generation === this.generation && !previous.disabled;
    entry.findings = guarded ? [...holdUnfinished(previous, { text, findings: result.findings })] : result.findings;
    entry.links = this.linkStyle(config.docsBaseUrl);
    entry.diagnostics = findingsToDiagnostics(entry.findings, doc.uri, doc.version, (offset) => doc.positionAt(offset), entry.links);
    return entry;
  }

  /** The lint of the newest text: settings are awaited first, so nothing older can be linted after them. */
  private async currentEntry(uri: string): Promise<CacheEntry | null> {
    this.cancelTimer(uri);
    const settings = await this.settingsFor(uri);
    this.knownDebounce.set(uri, settings.debounceMs);
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const cached = this.cache.get(uri);
    if (cached && cached.version === doc.version && cached.generation === this.generation && this.stampOf(cached) === cached.projectStamp) return cached;
    if (!(await this.languageLoaded(doc))) return null;
    const entry = this.lintNow(doc, settings, cached);
    this.cache.set(uri, entry);
    return entry;
  }

  /**
   * Loads the parser a document's language needs (the Python WASM, on the first Python document) before it is
   * linted; false when it cannot load, which is logged once and leaves the document without findings.
   */
  private async languageLoaded(doc: TextDocument): Promise<boolean> {
    const filename = lintFilename(uriToPath(doc.uri) ?? doc.uri, doc.languageId);
    const language = filename === null ? null : languageOf(filename);
    if (language === null || languageReady(language)) return true;
    try {
      await ensureLanguages([language]);
      return true;
    } catch (error) {
      this.logOnce(`pipelint could not load the ${language} parser: ${error instanceof Error ? error.message : String(error)}`);
      return false;
    }
  }

  private stampOf(entry: CacheEntry): number {
    return entry.dbtRoot === null ? 0 : (this.projectStamps.get(entry.dbtRoot) ?? 0);
  }

  private async lintAndPublish(uri: string): Promise<void> {
    const entry = await this.currentEntry(uri);
    if (entry) this.warmHovers(entry);
    if (!entry || this.caps.pullDiagnostics) return this.sendStatus();
    await this.connection.sendDiagnostics({ uri, version: entry.version, diagnostics: entry.diagnostics });
    this.sendStatus();
  }

  private cancelTimer(uri: string): void {
    const timer = this.timers.get(uri);
    if (timer) clearTimeout(timer);
    this.timers.delete(uri);
  }

  private opened(uri: string): void {
    // The editor now owns this file's diagnostics; drop the copy pipelint/lintWorkspace pushed.
    if (this.workspacePublished.delete(uri) && this.caps.pullDiagnostics) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    if (!this.caps.pullDiagnostics) void this.lintAndPublish(uri);
  }

  private changed(uri: string): void {
    this.lastChange.set(uri, Date.now());
    // The first change event of a document is its opening, already linted without delay.
    const doc = this.documents.get(uri);
    if (this.caps.pullDiagnostics || (doc && this.cache.get(uri)?.version === doc.version)) return;
    if (!this.cache.has(uri) && !this.timers.has(uri)) return;
    this.cancelTimer(uri);
    const delay = this.knownDebounce.get(uri) ?? DEFAULT_EDITOR_SETTINGS.debounceMs;
    this.timers.set(
      uri,
      setTimeout(() => {
        this.timers.delete(uri);
        void this.lintAndPublish(uri);
      }, delay),
    );
  }

  private closed(uri: string): void {
    this.cancelTimer(uri);
    this.cache.delete(uri);
    this.knownDebounce.delete(uri);
    this.lastChange.delete(uri);
    this.settingsCache.delete(uri);
    if (!this.caps.pullDiagnostics) void this.connection.sendDiagnostics({ uri, diagnostics: [] });
    this.sendStatus();
  }

  private relintOpenDocuments(): void {
    this.generation++;
    if (this.caps.pullDiagnostics) {
      if (this.caps.diagnosticRefresh) void this.connection.languages.diagnostics.refresh();
      return;
    }
    for (const doc of this.documents.all()) void this.lintAndPublish(doc.uri);
  }

  private async pullDiagnostics(params: DocumentDiagnosticParams): Promise<DocumentDiagnosticReport> {
    await this.debounce(params.textDocument.uri);
    const entry = await this.currentEntry(params.textDocument.uri);
    this.sendStatus();
    if (!entry) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    this.warmHovers(entry);
    const resultId = `${entry.generation}:${entry.version}:${entry.projectStamp}`;
    if (params.previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
    return { kind: DocumentDiagnosticReportKind.Full, resultId, items: entry.diagnostics };
  }

  /**
   * Under pull diagnostics the client asks after every keystroke; the debounce setting holds the answer
   * until the document has been quiet that long. A document not linted yet (just opened) is linted at once,
   * and so is one whose text did not change (a config change re-lints without waiting).
   */
  private async debounce(uri: string): Promise<void> {
    for (;;) {
      const doc = this.documents.get(uri);
      const cached = this.cache.get(uri);
      if (!doc || !cached || cached.version === doc.version) return;
      const settings = await this.settingsFor(uri);
      const wait = (this.lastChange.get(uri) ?? 0) + settings.debounceMs - Date.now();
      if (wait <= 0) return;
      await new Promise<void>((resolve) => setTimeout(resolve, wait));
    }
  }

  /**
   * Renders, once per rule and after the diagnostics are out, the hover card of a finding just reported:
   * the lesson's Markdown, the Markdown parser and the rule's metadata then wait in memory for the first
   * hover instead of being loaded by it.
   */
  private warmHovers(entry: CacheEntry): void {
    const fresh = entry.findings.filter((f) => !this.warmedHovers.has(f.ruleId) && (this.warmedHovers.add(f.ruleId), true));
    if (fresh.length === 0) return;
    setImmediate(() => {
      for (const finding of fresh) {
        try {
          renderHoverCard(finding, { links: entry.links });
        } catch {
          // The real hover reports what goes wrong; warming it only saves time.
        }
      }
    });
  }

  // Hover, code actions, lessons

  private async hover(params: HoverParams): Promise<Hover | null> {
    const entry = await this.currentEntry(params.textDocument.uri);
    if (!entry) return null;
    const hover = hoverAt(entry.findings, params.position, (finding) => renderHoverCard(finding, { links: entry.links }));
    if (hover === null || entry.dbtRoot === null) return hover;
    // Cross-file facts the rules used, with the file each came from.
    const facts = (await this.understood(params.textDocument.uri))?.hints ?? [];
    if (facts.length === 0 || typeof hover.contents !== 'object' || !('value' in hover.contents)) return hover;
    const lines = facts.map((h) => `- ${h.label} (${h.tooltip})`);
    hover.contents.value += `\n\n---\n\n**From the dbt project** (pipelint read these settings outside this file):\n\n${lines.join('\n')}`;
    return hover;
  }

  // Code lens and inlay hints: what pipelint understood

  private async understood(uri: string): Promise<Understood | null> {
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const settings = await this.settingsFor(uri);
    const path = uriToPath(uri);
    const filename = lintFilename(path ?? uri, doc.languageId);
    if (!settings.enable || filename === null || languageOf(filename) !== 'sql' || isDbtYamlFile(filename)) return null;
    const config = this.configFor(uri, settings);
    if (config === null) return null;
    try {
      return understand(doc.getText(), filename, config);
    } catch (error) {
      this.logOnce(`pipelint could not read ${filename} for its code lens: ${String(error)}`);
      return null;
    }
  }

  private async codeLenses(params: CodeLensParams): Promise<CodeLens[]> {
    const doc = this.documents.get(params.textDocument.uri);
    const found = await this.understood(params.textDocument.uri);
    if (!doc || !found) return [];
    return found.lenses.map((lens) => {
      const start = doc.positionAt(lens.span.start);
      // No command to run: the lens only says what pipelint read.
      return { range: { start, end: start }, command: { title: lens.title, command: '' } };
    });
  }

  private async inlayHints(params: InlayHintParams): Promise<InlayHint[]> {
    const doc = this.documents.get(params.textDocument.uri);
    const found = await this.understood(params.textDocument.uri);
    if (!doc || !found) return [];
    return mergedHints(found.hints).map((hint) => ({ position: doc.positionAt(hint.offset), label: hint.label, tooltip: hint.tooltip, ...(hint.offset === 0 ? { paddingRight: true } : { paddingLeft: true }) }));
  }

  private async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const uri = params.textDocument.uri;
    const entry = await this.currentEntry(uri);
    const doc = this.documents.get(uri);
    if (!entry || !doc) return [];
    const filename = lintFilename(uriToPath(uri) ?? uri, doc.languageId);
    const language = filename === null ? null : languageOf(filename);
    // dbt YAML: its hook findings carry no fix, and a SQL or Jinja disable comment would break the YAML.
    if (language === null || (filename !== null && isDbtYamlFile(filename))) return [];
    // Some clients drop `data` when they send diagnostics back: take ours, matched by code and range.
    const diagnostics = params.context.diagnostics.map((d) => (d.data === undefined ? (this.matchCached(entry, d) ?? d) : d));
    return codeActionsFor({ doc, language, diagnostics, lessonCommand: this.caps.lessonCommand, only: params.context.only });
  }

  private matchCached(entry: CacheEntry, d: Diagnostic): Diagnostic | undefined {
    const same = (a: Diagnostic): boolean => JSON.stringify(a.range) === JSON.stringify(d.range) && a.code === d.code;
    return entry.diagnostics.find(same);
  }

  private lesson(params: LessonParams | undefined): LessonResult {
    const id = params?.lessonId ?? '';
    if (!isLessonId(id)) throw new ResponseError(ErrorCodes.InvalidParams, `'${id}' is not a pipelint lesson`);
    return { lessonId: id, title: lessons[id].title, markdown: renderLessonMarkdown(id, docsLinks(this.linkStyle(this.globalDocsBaseUrl()))) };
  }

  private ruleDocs(params: RuleDocsParams | undefined): RuleDocsResult {
    const id = params?.ruleId ?? '';
    const links = docsLinks(this.linkStyle(this.globalDocsBaseUrl()));
    const meta = findRuleMeta(id);
    if (meta) return { ruleId: id, title: id, markdown: renderRuleMarkdown(meta, links) };
    const engine = ENGINE_RULES.find((rule) => rule.id === id);
    if (engine) return { ruleId: id, title: id, markdown: engineRuleMarkdown(engine) };
    throw new ResponseError(ErrorCodes.InvalidParams, `'${id}' is not a pipelint rule`);
  }

  /**
   * Links in VS Code are `command:` links into the lesson view; elsewhere file: URIs into the installed docs/.
   * A docsBaseUrl (editor setting, else the config file's) replaces both.
   */
  private linkStyle(docsBaseUrl?: string | null): DocsLinkOptions {
    return { style: this.caps.lessonCommand ? 'command' : 'file', docsBaseUrl: docsBaseUrl ?? null };
  }

  /** The docsBaseUrl of the lesson view, which belongs to no file: the editor setting only. */
  private globalDocsBaseUrl(): string | null {
    return this.globalSettings.docsBaseUrl === '' ? null : this.globalSettings.docsBaseUrl;
  }

  private lessonList(): LessonSummary[] {
    return LESSON_IDS.map((id) => ({ lessonId: id, title: lessons[id].title, shortAnswer: lessons[id].shortAnswer }));
  }

  // Workspace lint

  private async progressReporter(token: string | number | undefined): Promise<WorkDoneProgressReporter | WorkDoneProgressServerReporter> {
    if (token === undefined && this.caps.workDoneProgress) return this.connection.window.createWorkDoneProgress();
    return this.connection.window.attachWorkDoneProgress(token);
  }

  private async lintWorkspace(workDoneToken: string | number | undefined, token: CancellationToken): Promise<LintWorkspaceResult> {
    const progress = await this.progressReporter(workDoneToken);
    const cancelled = (): boolean => token.isCancellationRequested || ('token' in progress && progress.token.isCancellationRequested);
    progress.begin('pipelint: linting the workspace', 0, 'Finding files', true);
    const openUris = new Map<string, string>();
    for (const d of this.documents.all()) {
      const p = uriToPath(d.uri);
      if (p !== null) openUris.set(p, d.uri);
    }
    const files: string[] = [];
    for (const root of this.workspaceRoots) for (const file of await lintableFiles(root, cancelled)) files.push(file);
    const result: LintWorkspaceResult = { filesLinted: 0, filesWithFindings: 0, findings: 0, skipped: 0 };
    // One read of each dbt project for the whole tree. Open files linted meanwhile share it; a change on disk
    // during the run is picked up by the watched-file event that follows it.
    const endRun = beginProjectRun();
    try {
      for (const [index, file] of files.entries()) {
        if (cancelled()) break;
        const openUri = openUris.get(file);
        if (openUri === undefined) await this.lintFileOnDisk(file, result);
        else await this.countOpenDocument(openUri, result);
        progress.report(Math.round(((index + 1) / files.length) * 100), `${index + 1}/${files.length} files`);
        await nextTick();
      }
    } finally {
      endRun();
    }
    progress.done();
    this.workspaceLinted = true;
    this.sendStatus();
    return result;
  }

  /** An open document counts in the summary with the text in the editor, as its diagnostics show it. */
  private async countOpenDocument(uri: string, result: LintWorkspaceResult): Promise<void> {
    const entry = await this.currentEntry(uri);
    if (!entry || entry.disabled) {
      result.skipped++;
      return;
    }
    result.filesLinted++;
    if (entry.findings.length > 0) {
      result.filesWithFindings++;
      result.findings += entry.findings.length;
    }
  }

  private async lintFileOnDisk(file: string, result: LintWorkspaceResult): Promise<void> {
    const uri = pathToUri(file);
    const settings = await this.settingsFor(uri);
    const config = settings.enable ? this.configFor(uri, settings) : null;
    let text: string;
    try {
      // Decoded as the command line does: a UTF-16 file (with its BOM) is linted, not read as mojibake.
      text = config === null ? '' : decodeSource(await fs.readFile(file)).text;
    } catch {
      text = '';
    }
    const language = languageOf(file);
    if (config === null || text === '' || (language !== null && !languageReady(language) && !(await ensureLanguages([language]).then(() => true, () => false)))) {
      result.skipped++;
      return;
    }
    const lint = lintForEditor(text, file, config, settings.maxFileSizeKb, { error: (m) => this.logOnce(m) });
    result.filesLinted++;
    if (lint.findings.length > 0) {
      result.filesWithFindings++;
      result.findings += lint.findings.length;
    } else if (!this.workspacePublished.has(uri)) {
      return;
    }
    const doc = TextDocument.create(uri, '', 0, lint.linted);
    this.workspacePublished.set(uri, countFindings(lint.findings));
    const links = this.linkStyle(config.docsBaseUrl);
    await this.connection.sendDiagnostics({ uri, diagnostics: findingsToDiagnostics(lint.findings, uri, 0, (o) => doc.positionAt(o), links) });
  }

  // Status and logging

  private sendStatus(): void {
    const entries = this.documents.all().map((doc) => this.cache.get(doc.uri));
    const open = countFindings(entries.flatMap((entry) => entry?.findings ?? []));
    const broken = [...this.configErrors.values()];
    const off = entries.length > 0 && entries.every((entry) => entry?.disabled === true);
    const state: ServerState = broken.length > 0 ? 'configError' : off ? 'disabled' : 'ready';
    const status: StatusParams = { state, openFindings: open.findings, openErrors: open.errors, openHints: open.hints };
    if (this.workspaceLinted) {
      const workspace = { ...open };
      for (const counts of this.workspacePublished.values()) {
        workspace.findings += counts.findings;
        workspace.errors += counts.errors;
        workspace.hints += counts.hints;
      }
      status.workspace = workspace;
    }
    if (broken.length > 0) status.detail = broken[0];
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    void this.connection.sendNotification(StatusNotification, status);
  }

  private logOnce(message: string): void {
    if (this.loggedOnce.has(message)) return;
    this.loggedOnce.add(message);
    this.connection.console.error(message);
  }
}
