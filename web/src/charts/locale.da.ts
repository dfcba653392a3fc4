/**
 * ECharts' texts in Danish. ECharts ships no Danish locale, so this is registered as `DA`
 * (charts/echarts.ts), with the same keys as its own locales (echarts/i18n/langSV-obj.js).
 * The aria texts are what a screen reader hears when it reaches a chart.
 */
export const echartsLocaleDa = {
  time: {
    month: ['januar', 'februar', 'marts', 'april', 'maj', 'juni', 'juli', 'august', 'september', 'oktober', 'november', 'december'],
    monthAbbr: ['jan.', 'feb.', 'mar.', 'apr.', 'maj', 'jun.', 'jul.', 'aug.', 'sep.', 'okt.', 'nov.', 'dec.'],
    dayOfWeek: ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'],
    dayOfWeekAbbr: ['søn.', 'man.', 'tirs.', 'ons.', 'tors.', 'fre.', 'lør.'],
  },
  legend: { selector: { all: 'Alle', inverse: 'Omvendt' } },
  toolbox: {
    brush: {
      title: {
        rect: 'Vælg et rektangel',
        polygon: 'Vælg med lasso',
        lineX: 'Vælg vandret',
        lineY: 'Vælg lodret',
        keep: 'Behold valg',
        clear: 'Ryd valg',
      },
    },
    dataView: { title: 'Datavisning', lang: ['Datavisning', 'Luk', 'Opdatér'] },
    dataZoom: { title: { zoom: 'Zoom', back: 'Nulstil zoom' } },
    magicType: {
      title: { line: 'Skift til linjediagram', bar: 'Skift til søjlediagram', stack: 'Stabl', tiled: 'Side om side' },
    },
    restore: { title: 'Nulstil' },
    saveAsImage: { title: 'Gem som billede', lang: ['Højreklik for at gemme billedet'] },
  },
  series: {
    typeNames: {
      pie: 'cirkeldiagram',
      bar: 'søjlediagram',
      line: 'linjediagram',
      scatter: 'punktdiagram',
      effectScatter: 'punktdiagram med effekt',
      radar: 'radardiagram',
      tree: 'træ',
      treemap: 'trækort',
      boxplot: 'boksplot',
      candlestick: 'lysestagediagram',
      k: 'K-linjediagram',
      heatmap: 'varmekort',
      map: 'kort',
      parallel: 'parallelle koordinater',
      lines: 'linjer',
      graph: 'netværksdiagram',
      sankey: 'sankeydiagram',
      funnel: 'tragtdiagram',
      gauge: 'måler',
      pictorialBar: 'billedsøjle',
      themeRiver: 'temaflod',
      sunburst: 'solstrålediagram',
      custom: 'tilpasset diagram',
      chart: 'diagram',
    },
  },
  aria: {
    general: { withTitle: 'Dette er et diagram om "{title}"', withoutTitle: 'Dette er et diagram' },
    series: {
      single: { prefix: '', withName: ' af typen {seriesType} med navnet {seriesName}.', withoutName: ' af typen {seriesType}.' },
      multiple: {
        prefix: '. Det består af {seriesCount} serier.',
        withName: ' Serie {seriesId} er et {seriesType}, der viser {seriesName}.',
        withoutName: ' Serie {seriesId} er et {seriesType}.',
        separator: { middle: '', end: '' },
      },
    },
    data: {
      allData: 'Data er: ',
      partialData: 'De første {displayCnt} værdier er: ',
      withName: '{name}: {value}',
      withoutName: '{value}',
      separator: { middle: ', ', end: '. ' },
    },
  },
};
