/**
 * The courses repository's intent-named writes and the child register's SQL against the real
 * database, called directly in tenant transactions: each method changes what its name says and
 * nothing else, and the one-open-course rule holds in the database.
 */
import { ChildrenRepository } from '../../src/children/children.repository.js';
import { CprVault } from '../../src/children/cpr-vault.js';
import { ConflictError } from '../../src/common/errors.js';
import { CoursesRepository } from '../../src/courses/courses.repository.js';
import { openDatabase, type MediumDatabase } from '../support/medium.js';
import { withClient } from '../support/test-database.js';

describe(CoursesRepository.name, () => {
  let database: MediumDatabase;
  let sut: CoursesRepository;
  let children: ChildrenRepository;
  const in751 = <T>(fn: () => Promise<T>) => database.asMunicipalities(['751'], fn);

  /** The course's row and its contacts as stored, read past row-level security. */
  const stored = (id: string) =>
    withClient(database.test.superuserUrl, async (db) => {
      const { rows } = await db.query(
        `SELECT status, to_char(closure_date, 'YYYY-MM-DD') AS closure_date, closure_reason, last_closed_at IS NOT NULL AS closed_at,
                entered_in_error_reason, entered_in_error_at IS NOT NULL AS entered_in_error_at, version, child_id,
                to_char(first_contact_date, 'YYYY-MM-DD') AS first_contact_date, to_char(first_contact_time, 'HH24:MI') AS first_contact_time,
                first_contact_channel, first_contact_by, clearly_in_target_group, focus_areas
           FROM course WHERE id = $1`,
        [id],
      );
      const contacts = await db.query(
        `SELECT type, to_char(date, 'YYYY-MM-DD') AS date, to_char(time, 'HH24:MI') AS time, version FROM contact WHERE course_id = $1 ORDER BY type`,
        [id],
      );
      return { ...rows[0], contacts: contacts.rows };
    });

  let serial = 0;
  /** A child of 751, a new one each time, sealed as the service seals a CPR. */
  const newChild = () => {
    const sealed = new CprVault(database.config).seal(`05051440${String(++serial).padStart(2, '0')}`);
    return children.insert({
      municipalityCode: '751',
      cprIndex: sealed.index,
      ciphertext: sealed.ciphertext,
      keyId: sealed.keyId,
      birthDate: '2014-05-05',
      sex: 'female',
    });
  };
  /** An open course of 751 with its first contact and one held pre-conversation. */
  const newCourse = async (childId: string | null = null) => {
    const id = await sut.insertCourse({
      municipalityCode: '751',
      childId,
      firstContactDate: '2026-03-02',
      firstContactTime: '09:15',
      channel: 'phone',
      contactedBy: 'parent',
      clearlyInTargetGroup: true,
      focusAreas: ['worry'],
      createdBy: 'medium',
    });
    for (const [type, date] of [
      ['first_contact', '2026-03-02'],
      ['pre_conversation', '2026-03-09'],
    ] as const) {
      await sut.insertContact({ municipalityCode: '751', courseId: id, type, date, time: null, status: 'held', createdBy: 'medium' });
    }
    return id;
  };

  beforeAll(async () => {
    database = await openDatabase();
    sut = new CoursesRepository(database.db);
    children = new ChildrenRepository(database.db);
  });
  afterAll(() => database?.close());

  it('closes a course with its date and reason, and records when; the version moves only with newVersion', async () => {
    const id = await in751(() => newCourse());
    await in751(() => sut.close(id, '2026-04-01', null, 'completed'));
    expect(await stored(id)).toMatchObject({
      status: 'closed',
      closure_date: '2026-04-01',
      closure_reason: 'completed',
      closed_at: true,
      version: 1,
    });
    await in751(() => sut.newVersion(id));
    expect((await stored(id)).version).toBe(2);
  });

  it('reopens a closed course, clearing its closure', async () => {
    const id = await in751(() => newCourse());
    await in751(() => sut.close(id, '2026-04-01', null, 'dropped_out'));
    await in751(() => sut.reopen(id));
    expect(await stored(id)).toMatchObject({ status: 'open', closure_date: null, closure_reason: null });
  });

  it('refuses to reopen a course of a child who has another open course (the unique index), as a 409', async () => {
    const child = await in751(() => newChild());
    const first = await in751(() => newCourse(child));
    await in751(() => sut.close(first, '2026-04-01', null, 'completed'));
    const second = await in751(() => newCourse(child));
    await expect(in751(() => sut.reopen(first))).rejects.toThrow(ConflictError);
    expect(await in751(() => children.findOpenCourse(child))).toBe(second);
    expect(await in751(() => children.findOpenCourse(child, second))).toBeUndefined();
  });

  it('marks a course entered in error with its reason and when', async () => {
    const id = await in751(() => newCourse());
    await in751(() => sut.markEnteredInError(id, 'registered twice'));
    expect(await stored(id)).toMatchObject({
      status: 'entered_in_error',
      entered_in_error_reason: 'registered twice',
      entered_in_error_at: true,
    });
  });

  it('corrects the first contact and moves the first-contact contact with it, as a new version of that contact only', async () => {
    const id = await in751(() => newCourse());
    await in751(() => sut.correctFirstContact(id, { date: '2026-03-03', time: '14:00', channel: 'email', contactedBy: 'child' }));
    expect(await stored(id)).toMatchObject({
      first_contact_date: '2026-03-03',
      first_contact_time: '14:00',
      first_contact_channel: 'email',
      first_contact_by: 'child',
      contacts: [
        { type: 'first_contact', date: '2026-03-03', time: '14:00', version: 2 },
        { type: 'pre_conversation', date: '2026-03-09', time: null, version: 1 },
      ],
    });
  });

  it('updates only the details it is given', async () => {
    const id = await in751(() => newCourse());
    await in751(() => sut.updateDetails(id, { focusAreas: ['sadness', 'self_harm'] }));
    expect(await stored(id)).toMatchObject({ focus_areas: ['sadness', 'self_harm'], clearly_in_target_group: true, child_id: null });
    const child = await in751(() => newChild());
    await in751(() => sut.updateDetails(id, { childId: child, clearlyInTargetGroup: false }));
    expect(await stored(id)).toMatchObject({ focus_areas: ['sadness', 'self_harm'], clearly_in_target_group: false, child_id: child });
  });

  it('refuses to give an open course a child who has another open course, as a 409, and changes nothing', async () => {
    const child = await in751(() => newChild());
    await in751(() => newCourse(child));
    const other = await in751(() => newCourse());
    await expect(in751(() => sut.updateDetails(other, { childId: child, focusAreas: ['sadness'] }))).rejects.toThrow(ConflictError);
    expect(await stored(other)).toMatchObject({ child_id: null, focus_areas: ['worry'] });
  });

  it("changes nothing of another municipality's course (row-level security)", async () => {
    const id = await in751(() => newCourse());
    const before = await stored(id);
    await database.asMunicipalities(['101'], async () => {
      expect(await sut.findCourse(id)).toBeUndefined();
      await sut.close(id, '2026-04-01', null, 'completed');
      await sut.markEnteredInError(id, 'not ours');
      await sut.correctFirstContact(id, { date: '2026-03-03', time: null, channel: 'email', contactedBy: 'child' });
      await sut.updateDetails(id, { focusAreas: ['sadness'] });
      await sut.newVersion(id);
    });
    expect(await stored(id)).toEqual(before);
  });
});

describe(ChildrenRepository.name, () => {
  let database: MediumDatabase;
  let sut: ChildrenRepository;
  let index: string;
  const child = (municipalityCode: string, cprIndex: string) => {
    const sealed = new CprVault(database.config).seal('0101124011');
    return {
      municipalityCode,
      cprIndex,
      ciphertext: sealed.ciphertext,
      keyId: sealed.keyId,
      birthDate: '2012-01-01',
      sex: 'male' as const,
    };
  };

  beforeAll(async () => {
    database = await openDatabase();
    sut = new ChildrenRepository(database.db);
    index = new CprVault(database.config).blindIndex('0101124011');
  });
  afterAll(() => database?.close());

  it('registers a child once per municipality and finds it by its blind index', async () => {
    const id = await database.asMunicipalities(['751'], () => sut.insert(child('751', index)));
    expect(await database.asMunicipalities(['751'], () => sut.insert(child('751', index)))).toBe(id);
    expect(await database.asMunicipalities(['751'], () => sut.findByIndex('751', index))).toEqual({ id });
    const elsewhere = await database.asMunicipalities(['101'], () => sut.insert(child('101', index)));
    expect(elsewhere).not.toBe(id);
  });

  it("finds a child's rows only in the caller's municipalities", async () => {
    // The same child registered in both (insert is idempotent: it returns the row already there).
    const own = await database.asMunicipalities(['751'], () => sut.insert(child('751', index)));
    const elsewhere = await database.asMunicipalities(['101'], () => sut.insert(child('101', index)));
    expect(await database.asMunicipalities(['751'], () => sut.idsByIndex(index))).toEqual([own]);
    expect(await database.asMunicipalities(['101'], () => sut.idsByIndex(index))).toEqual([elsewhere]);
    expect(await database.asMunicipalities(['101'], () => sut.findByIndex('751', index))).toBeUndefined();
    expect(await database.asMunicipalities(['751'], () => sut.idsByIndex(new CprVault(database.config).blindIndex('0202124011')))).toEqual(
      [],
    );
  });
});
