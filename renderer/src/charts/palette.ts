/** Series colours, distinguishable for the common colour-vision deficiencies (Okabe–Ito), in drawing order. */
export const palette = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#56B4E9', '#D55E00', '#F0E442', '#000000', '#999999', '#7F3C8D'] as const;

export const portfolioColour = '#0072B2';
export const benchmarkColour = '#999999';
export const overColour = '#009E73';
export const underColour = '#D55E00';

export function colourAt(i: number): string {
  return palette[i % palette.length]!;
}
