import { waterfallStagePalette as stagePalette } from '../../../api/runs.ts';

/**
 * A colour per stage, given in the order of the legend: two runs drawn side by side pass their stages together
 * (the first run's, then the second's new ones), so a stage has one colour in both.
 */
export function stageColours(stages: readonly string[]): Map<string, string> {
  const colours = new Map<string, string>();
  for (const stage of stages) if (!colours.has(stage)) colours.set(stage, stagePalette[colours.size % stagePalette.length]!);
  return colours;
}

/** The colour of a stage missing from the legend: a bar whose stage the core did not list still shows. */
export const unlistedStageColour = '#999999';
