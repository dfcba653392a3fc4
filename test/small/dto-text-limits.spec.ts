import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage, validate } from 'class-validator';

/** Every DTO class of the application: the exported classes of every `src/<module>/dto/*.ts`. */
async function dtoClasses(): Promise<[string, new () => object][]> {
  const root = join(process.cwd(), 'src');
  const files = readdirSync(root, { recursive: true, encoding: 'utf8' }).filter((f) => /(^|\/)dto\/[^/]+\.ts$/.test(f));
  const classes: [string, new () => object][] = [];
  for (const file of files) {
    const module = (await import(join(root, file))) as Record<string, unknown>;
    for (const [name, value] of Object.entries(module)) {
      if (typeof value === 'function' && /^class\s/.test(Function.prototype.toString.call(value))) {
        classes.push([`${relative(root, join(root, file))} ${name}`, value as new () => object]);
      }
    }
  }
  return classes;
}

/** The properties a DTO checks with isString: its free-text fields. */
function stringFields(cls: new () => object): string[] {
  const metadata = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  return [...new Set(metadata.filter((m) => m.name === 'isString').map((m) => m.propertyName))];
}

const errorsOn = async (cls: new () => object, field: string, value: unknown) => {
  const errors = await validate(plainToInstance(cls, { [field]: value }), { forbidUnknownValues: true });
  return errors.filter((e) => e.property === field).flatMap((e) => Object.keys(e.constraints ?? {}));
};

describe('every free-text field of every DTO has a type check and a length limit', () => {
  let cases: [string, new () => object, string][];
  beforeAll(async () => {
    cases = (await dtoClasses()).flatMap(([name, cls]) =>
      stringFields(cls).map((f) => [name, cls, f] as [string, new () => object, string]),
    );
  });

  it('finds the DTOs and their text fields', () => {
    const names = cases.map(([name, , field]) => `${name}.${field}`);
    expect(names).toEqual(
      expect.arrayContaining([
        'courses/dto/contact.dto.ts UpdateContactDto.enteredInErrorReason',
        'courses/dto/contact.dto.ts CreateContactDto.programme',
        'courses/dto/course.dto.ts CreateReferralDto.note',
        'courses/dto/course.dto.ts ReasonDto.reason',
        'extracts/dto/extract.dto.ts CreateRecipientDto.name',
      ]),
    );
  });

  it('refuses 100,001 characters in each, whatever the other fields say', async () => {
    const unlimited: string[] = [];
    for (const [name, cls, field] of cases) {
      if (!(await errorsOn(cls, field, 'x'.repeat(100_001))).includes('maxLength')) unlimited.push(`${name}.${field}`);
    }
    expect(unlimited).toEqual([]);
  });

  it('refuses an array or a number in each, whatever the other fields say', async () => {
    const untyped: string[] = [];
    for (const [name, cls, field] of cases) {
      for (const value of [['x'], 42, { x: 1 }]) {
        if (!(await errorsOn(cls, field, value)).includes('isString')) untyped.push(`${name}.${field} = ${JSON.stringify(value)}`);
      }
    }
    expect(untyped).toEqual([]);
  });
});
