/**
 * A cohort in two regions of two municipalities each, with different figures in every
 * municipality, so a region's figures are really sums (not one municipality's figures again).
 * Today is Monday 2026-06-15; the cohort is first contacts in 2026H1. National targets only:
 * T1 pre-conversation within 14 days, T2 screening within 30 days when clearly in the target group.
 *
 * | course | municipality (region) | first contact | what happened                                      | T1              | T2              |
 * |--------|-----------------------|---------------|----------------------------------------------------|-----------------|-----------------|
 * | a1     | 751 Aarhus (1082)     | 2026-02-02    | pre 02-10, screening 02-20                         | met 8           | met 18          |
 * | a2     | 751                   | 2026-02-03    | pre 02-20; open, no screening                      | breached 17     | overdue (03-05) |
 * | a3     | 751                   | 2026-03-02    | not clearly; closed 03-05 family_declined, no CPR  | not applicable  | not applicable  |
 * | b1     | 727 Odder (1082)      | 2026-01-12    | pre 01-19, screening 02-20                         | met 7           | breached 39     |
 * | b2     | 727                   | 2026-04-01    | not clearly; pre 04-15; closed 05-01 completed     | met 14          | not applicable  |
 * | c1     | 101 København (1084)  | 2026-05-04    | open, nothing held                                 | overdue (05-18) | overdue (06-03) |
 * | c2     | 101                   | 2026-06-10    | open, nothing held                                 | pending (06-24) | pending (07-10) |
 * | c3     | 101                   | 2026-01-05    | pre 01-19, screening 01-30, treatment 02-10; closed 03-01 completed | met 14 | met 25 |
 * | c4     | 101                   | 2026-02-16    | entered in error: in no figure                     | —               | —               |
 * | d1     | 147 Frederiksberg (1084) | 2026-03-10 | not clearly; pre 03-31; closed 04-10 dropped_out   | breached 21     | not applicable  |
 */
import { contact, course } from '../support/medium.js';

export const TODAY = '2026-06-15';
export const FROM = '2026-01-01';
export const TO = '2026-06-30';

export const COURSES = [
  course({
    municipality: '751',
    firstContact: '2026-02-02',
    child: { birthDate: '2014-05-05', sex: 'female' },
    contacts: [
      contact('pre_conversation', '2026-02-10', 'held', 'proceed_to_screening'),
      contact('screening', '2026-02-20', 'held', 'other_help'),
    ],
  }),
  course({
    municipality: '751',
    firstContact: '2026-02-03',
    child: { birthDate: '2011-01-20', sex: 'male' },
    contacts: [contact('pre_conversation', '2026-02-20', 'held', 'proceed_to_screening')],
  }),
  course({
    municipality: '751',
    firstContact: '2026-03-02',
    clearlyInTargetGroup: false,
    close: { date: '2026-03-05', reason: 'family_declined' },
  }),
  course({
    municipality: '727',
    firstContact: '2026-01-12',
    child: { birthDate: '2016-03-03', sex: 'male' },
    contacts: [
      contact('pre_conversation', '2026-01-19', 'held', 'proceed_to_screening'),
      contact('screening', '2026-02-20', 'held', 'other_help'),
    ],
  }),
  course({
    municipality: '727',
    firstContact: '2026-04-01',
    child: { birthDate: '2012-08-08', sex: 'female' },
    clearlyInTargetGroup: false,
    contacts: [contact('pre_conversation', '2026-04-15', 'held', 'no_further_help')],
    close: { date: '2026-05-01', reason: 'completed' },
  }),
  course({ municipality: '101', firstContact: '2026-05-04', child: { birthDate: '2015-10-10', sex: 'female' } }),
  course({ municipality: '101', firstContact: '2026-06-10', child: { birthDate: '2009-12-12', sex: 'male' } }),
  course({
    municipality: '101',
    firstContact: '2026-01-05',
    child: { birthDate: '2013-02-02', sex: 'female' },
    contacts: [
      contact('pre_conversation', '2026-01-19', 'held', 'proceed_to_screening'),
      contact('screening', '2026-01-30', 'held', 'offer_treatment'),
      contact('treatment', '2026-02-10'),
    ],
    close: { date: '2026-03-01', reason: 'completed' },
  }),
  course({ municipality: '101', firstContact: '2026-02-16', child: { birthDate: '2014-04-04', sex: 'male' }, enteredInError: true }),
  course({
    municipality: '147',
    firstContact: '2026-03-10',
    child: { birthDate: '2010-06-06', sex: 'male' },
    clearlyInTargetGroup: false,
    contacts: [contact('pre_conversation', '2026-03-31', 'held', 'proceed_to_screening')],
    close: { date: '2026-04-10', reason: 'dropped_out' },
  }),
];
