import type { BlockStatement, Statement, TransactionBlock } from './model.js';

/** Hands out transaction blocks in order; `fileWide` is the one a `pipelint-assume-in-transaction` file runs in. */
export class TransactionLedger {
  readonly blocks: TransactionBlock[] = [];
  private fileWideBlock: TransactionBlock | null = null;

  constructor(private readonly assumeInTransaction: boolean) {}

  open(begin: Statement | null, implicit: boolean): TransactionBlock {
    const block: TransactionBlock = { id: this.blocks.length, begin, end: null, implicit };
    this.blocks.push(block);
    return block;
  }

  /** The file-wide implicit transaction, created when first needed; null unless the file assumes one. */
  fileWide(): TransactionBlock | null {
    if (!this.assumeInTransaction) return null;
    this.fileWideBlock ??= this.open(null, true);
    return this.fileWideBlock;
  }
}

/**
 * Sets `transaction` on each statement of one list (the file's top level, or a block's children): explicit
 * BEGIN ... COMMIT/ROLLBACK spans first, else what the list inherits.
 */
export function assignTransactions(list: readonly Statement[], ledger: TransactionLedger, inherited: () => TransactionBlock | null): void {
  let current: TransactionBlock | null = null;
  for (const statement of list) {
    if (statement.kind === 'begin') {
      current ??= ledger.open(statement, false);
      statement.transaction = current;
    } else if (endsTransaction(statement)) {
      if (current) {
        statement.transaction = current;
        current.end = statement;
        current = null;
      } else {
        statement.transaction = inherited();
      }
    } else {
      statement.transaction = current ?? inherited();
    }
    if (statement.kind === 'block') assignBlock(statement, ledger);
  }
}

/** `PREPARE TRANSACTION 'x'` hands the open transaction over to two-phase commit: the session's transaction ends there. */
function endsTransaction(statement: Statement): boolean {
  return statement.kind === 'commit' || statement.kind === 'rollback' || (statement.kind === 'other' && statement.verb === 'PREPARE TRANSACTION');
}

/**
 * A DO or scripting block runs where it stands, so its statements share the block's transaction. A procedure,
 * function or trigger body runs later, when called: atomic bodies get a transaction of their own.
 */
function assignBlock(block: BlockStatement, ledger: TransactionLedger): void {
  const runsInPlace = block.blockType === 'do' || block.blockType === 'script';
  let own: TransactionBlock | null = null;
  const inherited = (): TransactionBlock | null => {
    if (runsInPlace && block.transaction) return block.transaction;
    if (!block.atomic) return null;
    own ??= ledger.open(null, true);
    return own;
  };
  assignTransactions(block.children, ledger, inherited);
}
