import { count } from '../../components/figures.ts';
import type { AccountsPage } from '../../state/bookSlice.ts';

/**
 * Which accounts of how many a table shows, and the pages before and after: "Accounts 201–400 of 10,000"
 * (the total when it is known: a cluster's members, the book unfiltered).
 */
export function AccountsPager({ page, pageSize, total, busy, onPage }: { page: AccountsPage; pageSize: number; total?: number; busy: boolean; onPage: (offset: number) => void }) {
  const first = page.offset + 1;
  const last = page.offset + page.accounts.length;
  if (page.offset === 0 && !page.more) return null;
  return (
    <div className="toolbar pager" role="group" aria-label="Pages of accounts" data-testid="accounts-pager">
      <span data-testid="accounts-range">
        Accounts {count(first)}–{count(last)}
        {total !== undefined ? ` of ${count(total)}` : ''}
      </span>
      <button type="button" onClick={() => onPage(Math.max(0, page.offset - pageSize))} disabled={busy || page.offset === 0} data-testid="accounts-previous">
        Previous
      </button>
      <button type="button" onClick={() => onPage(page.offset + pageSize)} disabled={busy || !page.more} data-testid="accounts-next">
        Next
      </button>
    </div>
  );
}
