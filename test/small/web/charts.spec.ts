import { barChart, funnelChart, lineChart, type FunnelPlotPoint } from '../../../web/src/charts/options.js';
import {
  byName,
  comparisonQuery,
  funnelPoints,
  parseComparisonSearch,
  positionCounts,
  positionLabel,
  type ComparedMunicipality,
} from '../../../web/src/pages/comparison/comparison.js';

// Intl's Danish output uses no-break spaces; compare with plain ones.
const plain = (s: string) => s.replace(/[\u00a0\u202f]/g, ' ');
type Series<D = unknown> = { type: string; name: string; data: D[]; symbol?: string; lineStyle?: { type: string } };

describe('chart options', () => {
  it('draws bars with an aria description, a pattern on each series, and hidden values left out', () => {
    const option = barChart({
      description: 'Antal forløb pr. trin',
      categories: ['Henvendelse', 'Forsamtale'],
      series: [{ name: 'Antal', values: [12, null] }],
      format: 'count',
      horizontal: true,
    });
    expect(option.aria).toEqual({ enabled: true, label: { description: 'Antal forløb pr. trin' }, decal: { show: true } });
    expect((option.series as Series[])[0].data).toEqual([12, null]);
  });

  it('tells lines apart by dash and symbol, and draws the limit as a dashed step', () => {
    const option = lineChart({
      description: 'Ventetid',
      categories: ['jan.', 'feb.'],
      lines: [
        { name: 'Median', values: [3, 4] },
        { name: '90. percentil', values: [9, 10] },
        { name: 'Frist', values: [14, 14], kind: 'limit' },
      ],
      format: 'days',
    });
    const series = option.series as Series[];
    expect(series.map((s) => [s.symbol, s.lineStyle?.type])).toEqual([
      ['circle', 'solid'],
      ['triangle', 'dotted'],
      [undefined, 'dashed'],
    ]);
  });
});

describe('funnel plot', () => {
  const curve = [
    { n: 5, lower95: 0.2, upper95: 1, lower998: 0.05, upper998: 1 },
    { n: 50, lower95: 0.55, upper95: 0.85, lower998: 0.47, upper998: 0.91 },
    { n: 500, lower95: 0.66, upper95: 0.74, lower998: 0.63, upper998: 0.77 },
  ];
  const points: FunnelPlotPoint[] = [
    { name: 'Aarhus', n: 400, rate: 0.7, band: 0, labelled: true },
    { name: 'Odense', n: 300, rate: 0.6, band: 2 },
    { name: 'Læsø', n: 5, rate: 0.4, band: 0 },
    { name: 'Vejle', n: 100, rate: 0.85, band: 1 },
  ];
  const option = funnelChart({
    description: 'Tragtdiagram',
    points,
    curve,
    nationalRate: 0.7,
    names: { national: 'Landsgennemsnit', limits95: '95 %-grænser', limits998: '99,8 %-grænser', bands: ['Inden', 'Uden 95', 'Uden 99,8'] },
    axisNames: { n: 'Forløb', rate: 'Målopfyldelse' },
    describePoint: (p) => `${p.name}: ${p.rate}`,
  });
  const series = option.series as Series[];

  it('draws the national rate across the funnel, and each limit along the denominators', () => {
    expect(series[0]).toMatchObject({
      name: 'Landsgennemsnit',
      data: [
        [5, 0.7],
        [500, 0.7],
      ],
      lineStyle: { type: 'solid' },
    });
    expect(series.slice(1, 5).map((s) => [s.name, s.lineStyle?.type, s.data])).toEqual([
      [
        '95 %-grænser',
        'dashed',
        [
          [5, 1],
          [50, 0.85],
          [500, 0.74],
        ],
      ],
      [
        '95 %-grænser',
        'dashed',
        [
          [5, 0.2],
          [50, 0.55],
          [500, 0.66],
        ],
      ],
      [
        '99,8 %-grænser',
        'dotted',
        [
          [5, 1],
          [50, 0.91],
          [500, 0.77],
        ],
      ],
      [
        '99,8 %-grænser',
        'dotted',
        [
          [5, 0.05],
          [50, 0.47],
          [500, 0.63],
        ],
      ],
    ]);
    expect(option.xAxis).toMatchObject({ type: 'log', min: 5, max: 500 });
    expect(option.yAxis).toMatchObject({ min: 0, max: 1 });
  });

  it('puts the points in series by band, each with its own shape, naming those outside and the user’s own', () => {
    const scatter = series.slice(5) as Series<{ value: number[]; name: string; label: { show: boolean } }>[];
    expect(scatter.map((s) => [s.name, s.symbol, s.data.map((d) => [d.name, d.value, d.label.show])])).toEqual([
      [
        'Inden',
        'circle',
        [
          ['Aarhus', [400, 0.7], true],
          ['Læsø', [5, 0.4], false],
        ],
      ],
      ['Uden 95', 'triangle', [['Vejle', [100, 0.85], true]]],
      ['Uden 99,8', 'diamond', [['Odense', [300, 0.6], true]]],
    ]);
  });

  it('describes the point under the pointer, and nothing for the lines', () => {
    const tooltip = option.tooltip as { formatter: (p: unknown) => string };
    expect(tooltip.formatter({ seriesName: 'Inden', dataIndex: 1 })).toBe('Læsø: 0.4');
    expect(tooltip.formatter({ seriesName: 'Uden 99,8', dataIndex: 0 })).toBe('Odense: 0.6');
    expect(option.aria.label.description).toBe('Tragtdiagram');
  });

  it('draws no national line without a national rate', () => {
    const empty = funnelChart({
      description: 'x',
      points: [],
      curve,
      nationalRate: null,
      names: { national: 'L', limits95: '95', limits998: '99,8', bands: ['a', 'b', 'c'] },
      axisNames: { n: 'n', rate: 'r' },
      describePoint: () => '',
    });
    expect((empty.series as Series[]).map((s) => s.name)).toEqual(['95', '95', '99,8', '99,8', 'a', 'b', 'c']);
  });
});

describe('Sammenligning', () => {
  const m = (code: string, name: string, judged: number | string, rate: number | string | null, position: string | null) =>
    ({ code, name, regionCode: '1082', judged, rate, position, limits: null }) as unknown as ComparedMunicipality;
  const municipalities = [
    m('751', 'Aarhus', 120, 0.75, 'within'),
    m('825', 'Læsø', '<5', '..', null),
    m('101', 'København', 300, 0.5, 'below_99_8'),
    m('400', 'Bornholm', 15, 0.933, 'above_95'),
    m('461', 'Odense', '..', '..', null),
    m('185', 'Tårnby', 10, '..', null),
  ];

  it.each([
    [
      { target: 'screening_30d', period: '2026-h1' },
      { target: 'screening_30d', period: '2026H1' },
    ],
    [{ target: 'behandling_21d', period: '2023H2' }, {}],
    [{}, {}],
  ])('reads %p from the URL as %p (national targets only)', (search, parsed) => {
    expect(parseComparisonSearch(search)).toEqual(parsed);
  });

  it('asks by default for the first national target and the last half-year that has ended', () => {
    expect(comparisonQuery({}, '2026-03-05')).toEqual({ target: 'pre_conversation_14d', period: '2025H2' });
    expect(comparisonQuery({ target: 'screening_30d', period: '2026H1' }, '2026-08-01')).toEqual({
      target: 'screening_30d',
      period: '2026H1',
    });
  });

  it('draws only municipalities whose rate and courses are published, and marks the user’s own', () => {
    expect(funnelPoints(municipalities, ['751']).map((p) => [p.code, p.judged, p.rate, p.position, p.own])).toEqual([
      ['751', 120, 0.75, 'within', true],
      ['101', 300, 0.5, 'below_99_8', false],
      ['400', 15, 0.933, 'above_95', false],
    ]);
  });

  it('lists by name in Danish order and counts where they lie', () => {
    // Danish collation reads Aa as Å, the last letter.
    expect(byName(municipalities).map((x) => x.name)).toEqual(['Bornholm', 'København', 'Læsø', 'Odense', 'Tårnby', 'Aarhus']);
    expect(positionCounts(municipalities)).toEqual({ above_99_8: 0, above_95: 1, within: 1, below_95: 0, below_99_8: 1, hidden: 3 });
  });

  it('says each place in words', () => {
    expect(positionLabel('below_99_8')).toBe('Under 99,8 %-grænsen');
    expect(plain(positionLabel(null))).toBe('Ikke placeret');
  });
});
