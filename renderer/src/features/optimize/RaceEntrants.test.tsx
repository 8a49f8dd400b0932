// @vitest-environment jsdom
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { RaceEntrants } from './RaceEntrants.tsx';

afterEach(cleanup);

describe('RaceEntrants', () => {
  it('lists every entrant with how it ended, in the words of the race', () => {
    render(
      <RaceEntrants
        entrants={[
          { solver: 'highs', outcome: 'cancelled', status: 'interrupted', objective: 0.00113, bound: null, seconds: 2.5, message: 'stopped when cbc won' },
          { solver: 'cbc', outcome: 'won', status: 'optimal', objective: 0.00112, bound: 0.00112, seconds: 2.4, message: null },
          { solver: 'gurobi', outcome: 'skipped', status: 'error', objective: null, bound: null, seconds: 0, message: 'gurobi does not solve QP models' },
        ]}
      />,
    );
    const rows = within(screen.getByTestId('race-entrants')).getAllByRole('row').slice(1);
    expect(rows.map((r) => r.getAttribute('data-outcome'))).toEqual(['cancelled', 'won', 'skipped']);
    expect(within(rows[0]!).getByText('stopped when another won')).toBeTruthy();
    expect(within(rows[0]!).getByText('stopped when cbc won')).toBeTruthy();
    expect(within(rows[1]!).getByText('won')).toBeTruthy();
    expect(within(rows[1]!).getAllByText('0.001120')).toHaveLength(2);
    expect(within(rows[2]!).getByText('cannot take the model')).toBeTruthy();
  });
});
