import {
  byDeadline,
  filterRows,
  flagCounts,
  parseWorklistSearch,
  targetsOf,
  worklistCsv,
  type WorklistRow,
} from '../../../web/src/pages/worklist/worklist.js';

const row = (over: Partial<WorklistRow>): WorklistRow => ({
  courseId: '00000000-0000-4000-8000-000000000000',
  target: 'pre_conversation_14d',
  deadline: '2026-03-16',
  daysLeft: 5,
  firstContactDate: '2026-03-02',
  clockStart: '2026-03-02',
  nextPlannedDate: null,
  flags: [],
  responsible: null,
  ...over,
});

const ROWS = [
  row({ courseId: 'c-3', deadline: '2026-03-20', flags: ['not_booked'] }),
  row({
    courseId: 'c-1',
    deadline: '2026-03-10',
    daysLeft: -1,
    flags: ['overdue', 'missing_cpr'],
    responsible: { sub: 'sara', name: 'Sara Sagsbehandler', since: '2026-03-03T08:00:00.000000Z' },
  }),
  row({ courseId: 'c-2', target: 'screening_30d', deadline: '2026-03-12', flags: ['due_soon', 'booked_after_deadline'] }),
  row({ courseId: 'c-4', target: 'screening_30d', deadline: '2026-03-10', flags: ['overdue'] }),
];

describe('working list', () => {
  it('sorts by deadline, then first contact, then course', () => {
    expect([...ROWS].sort(byDeadline).map((r) => r.courseId)).toEqual(['c-1', 'c-4', 'c-2', 'c-3']);
  });

  it.each([
    [{}, ['c-1', 'c-4', 'c-2', 'c-3']],
    [{ flag: 'overdue' as const }, ['c-1', 'c-4']],
    [{ target: 'screening_30d' }, ['c-4', 'c-2']],
    [{ target: 'screening_30d', flag: 'overdue' as const }, ['c-4']],
    [{ flag: 'unrecorded_planned_contact' as const }, []],
  ])('filters %p to %p, sorted by deadline', (search, ids) => {
    expect(filterRows(ROWS, search).map((r) => r.courseId)).toEqual(ids);
  });

  it('counts each chip flag within the chosen target', () => {
    expect(flagCounts(ROWS)).toEqual({
      overdue: 2,
      due_soon: 1,
      booked_after_deadline: 1,
      unrecorded_planned_contact: 0,
      not_booked: 1,
      missing_cpr: 1,
    });
    expect(flagCounts(ROWS, 'screening_30d')).toMatchObject({ overdue: 1, due_soon: 1, not_booked: 0, missing_cpr: 0 });
  });

  it('lists the targets present', () => {
    expect(targetsOf(ROWS)).toEqual(['pre_conversation_14d', 'screening_30d']);
  });

  it.each([
    [
      { municipality: '751', target: 'screening_30d', flag: 'overdue' },
      { municipality: '751', target: 'screening_30d', flag: 'overdue' },
    ],
    [{ municipality: 751 }, { municipality: '751' }],
    [{ municipality: 101 }, { municipality: '101' }],
    [{ municipality: '75' }, {}],
    [{ flag: 'everything' }, {}],
    [{ target: 'DROP TABLE' }, {}],
    [{ unknown: 'x' }, {}],
    [{ responsible: 'me' }, { responsible: 'me' }],
    [{ responsible: 'none' }, { responsible: 'none' }],
    [{ responsible: 'kim' }, {}],
  ])('reads the URL search %p as %p', (search, parsed) => {
    expect(parseWorklistSearch(search)).toEqual(parsed);
  });

  it('writes the rows as CSV for Danish Excel: BOM, semicolons, Danish headings and values, CRLF', () => {
    const csv = worklistCsv(filterRows(ROWS, { flag: 'overdue' }));
    expect(csv.startsWith('\uFEFF')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toEqual([
      'Forløb;Servicemål;Frist;Dage tilbage;Henvendelse;Fristen regnes fra;Næste planlagte;Ansvarlig behandler;Markeringer',
      'c-1;Forsamtale inden for 14 dage;10.03.2026;-1;02.03.2026;02.03.2026;;Sara Sagsbehandler;Over fristen, Mangler CPR',
      'c-4;Screening inden for 30 dage;10.03.2026;5;02.03.2026;02.03.2026;;;Over fristen',
      '',
    ]);
  });

  it('quotes a CSV value holding a separator or a quote', () => {
    const csv = worklistCsv([row({ courseId: 'a;b"c', target: 'own_target' })]);
    expect(csv.split('\r\n')[1].startsWith('"a;b""c";own_target;')).toBe(true);
  });
});
