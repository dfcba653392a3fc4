/**
 * A FHIR R4 profile validator that reads StructureDefinition snapshots: generic, nothing in it
 * names KL. It checks, at every depth of the snapshot:
 *
 * - cardinality (`min`/`max`, so every 0..0 too), `fixed[x]` and `pattern[x]`, `maxLength`;
 * - slicing (`value`, `pattern`, `type` and `profile` discriminators, slice cardinality, closed rules);
 * - type profiles (an element whose type names a profile, such as a dk-core identifier or an
 *   extension, is validated against that profile's snapshot), and the allowed resource types of
 *   a `Resource` element with their profiles;
 * - required bindings, by expanding the ValueSets from their `compose` over the CodeSystems given;
 * - the profiles' own invariants (constraints whose `source` is not the base specification),
 *   evaluated with fhirpath.js and its R4 model;
 * - and it collects every reference with its `targetProfile`, for the caller to resolve.
 *
 * What it deliberately leaves to a base-specification validator (medplum's `validateResource`,
 * see kl-validation.ts): unknown properties, primitive formats, and the base invariants.
 *
 * medplum 4.x's own profile mode is not enough for KL's profiles: it checks only a profile's
 * top-level elements (nested backbone elements are validated against the base type), not type
 * profiles, slice contents or bindings, throws on `profile` discriminators (used by the delivery
 * report), and parses the profile again on every call (about 3 ms). This fills exactly that gap.
 */
import type { CodeSystem, CodeSystemConcept, ElementDefinition, StructureDefinition, ValueSet } from '@medplum/fhirtypes';
import fhirpath from 'fhirpath';
import r4Model from 'fhirpath/fhir-context/r4';

export interface ValidationIssue {
  severity: 'error' | 'warning';
  /** The rule broken: an invariant's key, or `cardinality`, `fixed`, `pattern`, `max-length`, `slice`, `binding`, `type`, `structure`, `reference`, … */
  rule: string;
  /** Where, as a FHIRPath-like path with indexes (`Bundle.entry[1].resource.period`). */
  path: string;
  message: string;
  /** The profile whose rule it is. */
  profile?: string;
}

export interface CollectedReference {
  path: string;
  reference: string;
  targetProfiles: string[];
}

interface TypeRef {
  code: string;
  profiles: string[];
  /** `profiles` that are loaded here, worked out once. */
  loadedProfiles?: string[];
  targetProfiles: string[];
}

interface Invariant {
  key: string;
  human: string;
  evaluate: (value: unknown, env: Record<string, unknown>) => unknown[];
}

interface ElementNode {
  id: string;
  path: string;
  /** The last path segment: `status`, `value[x]`. */
  name: string;
  sliceName?: string;
  min: number;
  max: number;
  types: TypeRef[];
  fixed?: unknown;
  pattern?: unknown;
  maxLength?: number;
  requiredValueSet?: string;
  invariants: Invariant[];
  children: ElementNode[];
  slicing?: { discriminators: { type: string; path: string }[]; closed: boolean };
  slices: ElementNode[];
  profile: string;
  /** Not a choice, min 0 and no slice with a minimum: an absent value breaks none of its rules. */
  absentIsFine?: boolean;
  /** Its `Reference` type, if it has one (the references it holds are collected for the caller). */
  referenceType?: TypeRef;
}

interface Context {
  issues: ValidationIssue[];
  references: CollectedReference[];
  resource: unknown;
  rootResource: unknown;
  /** Per call: (value, profile, path) already validated (an element and its slice name the same profile), and conformance found. */
  visited: WeakMap<object, Set<string>>;
  conformance: WeakMap<object, Map<string, Conformance>>;
}

/** Whether a value conforms to a profile, and what its validation found there (at `path`), so it is not walked twice. */
interface Conformance {
  conforms: boolean;
  path: string;
  issues: ValidationIssue[];
  references: CollectedReference[];
}

const newContext = (value: unknown, parent?: Context): Context => ({
  issues: [],
  references: [],
  resource: parent?.resource ?? value,
  rootResource: parent?.rootResource ?? value,
  visited: parent?.visited ?? new WeakMap(),
  conformance: parent?.conformance ?? new WeakMap(),
});

const BASE_SPEC = 'http://hl7.org/fhir/StructureDefinition/';

export class ProfileValidator {
  private readonly roots = new Map<string, ElementNode>();
  private readonly valueSets = new Map<string, ValueSet>();
  private readonly codeSystems = new Map<string, CodeSystem>();
  private readonly expansions = new Map<string, Set<string> | null>();
  /** Required bindings whose value set could not be expanded here (left to the receiver; listed for the tests). */
  readonly uncheckedBindings = new Set<string>();

  constructor(definitions: { structureDefinitions: StructureDefinition[]; valueSets: ValueSet[]; codeSystems: CodeSystem[] }) {
    for (const vs of definitions.valueSets) if (vs.url) this.valueSets.set(vs.url, vs);
    for (const cs of definitions.codeSystems) if (cs.url) this.codeSystems.set(cs.url, cs);
    for (const sd of definitions.structureDefinitions) this.roots.set(sd.url, compile(sd));
  }

  hasProfile(url: string): boolean {
    return this.roots.has(url);
  }

  /** Validates `value` (a resource, or a datatype for a datatype profile) against the profile at `url`. */
  validate(value: unknown, url: string, path?: string): { issues: ValidationIssue[]; references: CollectedReference[] } {
    const root = this.root(url);
    const ctx = newContext(value);
    this.validateValue(value, root, path ?? root.path, ctx);
    const seen = new Set<string>();
    const issues = ctx.issues.filter((i) => {
      const key = `${i.rule}|${i.path}|${i.message}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
    return { issues, references: ctx.references };
  }

  /** The codes (`system|code`) of a value set, or null where its compose cannot be expanded from the code systems given. */
  expand(valueSetUrl: string): Set<string> | null {
    const url = valueSetUrl.split('|')[0];
    if (!this.expansions.has(url)) {
      this.expansions.set(url, null); // guards against a value set that includes itself
      this.expansions.set(url, this.computeExpansion(url));
    }
    return this.expansions.get(url)!;
  }

  private root(url: string): ElementNode {
    const root = this.roots.get(url);
    if (!root) throw new Error(`No StructureDefinition loaded for ${url}`);
    return root;
  }

  /**
   * Whether `value` conforms to the profile at `url` (to choose a slice or a type profile). Walked
   * at `path`, where the value is, so that when the value is then validated against that profile
   * there (its slice), what was found is taken over instead of walking it again.
   */
  private conforms(value: unknown, url: string, ctx: Context, path = this.root(url).path): boolean {
    if (!isObject(value)) return false;
    const known = ctx.conformance.get(value)?.get(url);
    if (known !== undefined) return known.conforms;
    const sub = { ...newContext(value, ctx), visited: new WeakMap() };
    if (typeof value.resourceType === 'string') sub.resource = value;
    this.validateValue(value, this.root(url), path, sub);
    const conforms = !sub.issues.some((i) => i.severity === 'error');
    if (!ctx.conformance.has(value)) ctx.conformance.set(value, new Map());
    ctx.conformance.get(value)!.set(url, { conforms, path, issues: sub.issues, references: sub.references });
    return conforms;
  }

  private validateValue(value: unknown, node: ElementNode, path: string, ctx: Context): void {
    const issue = (rule: string, message: string) => ctx.issues.push({ severity: 'error', rule, path, message, profile: node.profile });
    if (node.fixed !== undefined && !deepEqual(value, node.fixed)) issue('fixed', `must be exactly ${JSON.stringify(node.fixed)}`);
    if (node.pattern !== undefined && !matchesPattern(value, node.pattern)) issue('pattern', `must match ${JSON.stringify(node.pattern)}`);
    if (node.maxLength !== undefined && typeof value === 'string' && value.length > node.maxLength) {
      issue('max-length', `is ${value.length} characters long, at most ${node.maxLength} allowed`);
    }
    if (node.requiredValueSet) this.checkBinding(value, node, path, ctx);
    this.collectReference(value, node, path, ctx);

    const isResource = isObject(value) && typeof value.resourceType === 'string';
    const inner: Context = isResource ? { ...ctx, resource: value } : ctx;

    // The type, and any profiles it names: validated against those profiles' own snapshots.
    const type = typeOf(value, node);
    if (isResource && node.types.length > 0 && !type) {
      issue('type', `a ${String(value.resourceType)} is not allowed here (allowed: ${node.types.map((t) => t.code).join(', ')})`);
    }
    const profiles = type ? (type.loadedProfiles ??= type.profiles.filter((p) => this.roots.has(p))) : NONE;
    if (profiles.length > 0) {
      const declared = isResource ? ((value.meta as { profile?: string[] } | undefined)?.profile ?? []) : [];
      const chosen =
        profiles.find((p) => declared.includes(p)) ??
        (profiles.length === 1 ? profiles[0] : profiles.find((p) => this.conforms(value, p, inner)));
      if (chosen && isObject(value)) {
        const seen = inner.visited.get(value) ?? new Set<string>();
        inner.visited.set(value, seen);
        if (!seen.has(`${chosen}|${path}`)) {
          seen.add(`${chosen}|${path}`);
          const known = inner.conformance.get(value)?.get(chosen);
          if (known?.path === path) {
            inner.issues.push(...known.issues);
            inner.references.push(...known.references);
          } else this.validateValue(value, this.root(chosen), path, inner);
        }
      } else if (chosen) this.validateValue(value, this.root(chosen), path, inner);
      else issue('type', `does not conform to any of ${profiles.join(', ')}`);
    }

    for (const invariant of node.invariants) {
      let result: unknown[];
      try {
        result = invariant.evaluate(value, { resource: inner.resource, rootResource: inner.rootResource });
      } catch (error) {
        issue(invariant.key, `${invariant.human} (could not be evaluated: ${(error as Error).message})`);
        continue;
      }
      if (!(result.length === 1 && result[0] === true)) issue(invariant.key, invariant.human);
    }

    if (isObject(value)) for (const child of node.children) this.validateChild(value, child, path, inner);
  }

  private validateChild(parent: Record<string, unknown>, child: ElementNode, parentPath: string, ctx: Context): void {
    // Most of a snapshot's elements are absent and optional (every 0..0 among them): nothing to check, nothing to allocate.
    if (child.absentIsFine && parent[child.name] === undefined) return;
    const found = valuesOf(parent, child);
    const path = `${parentPath}.${found.key ?? child.name.replace('[x]', '')}`;
    const values = found.values;
    for (const key of found.disallowed) {
      ctx.issues.push({
        severity: 'error',
        rule: 'type',
        path: `${parentPath}.${key}`,
        message: `${key} is not a type ${child.path} allows`,
        profile: child.profile,
      });
    }
    if (values.length < child.min || values.length > child.max) {
      ctx.issues.push({
        severity: 'error',
        rule: 'cardinality',
        path,
        message: `has ${values.length} value(s), ${cardinality(child)} allowed`,
        profile: child.profile,
      });
    }
    const indexed = (i: number) => (Array.isArray(parent[found.key ?? '']) ? `${path}[${i}]` : path);
    values.forEach((value, i) => this.validateValue(value, child, indexed(i), ctx));
    if (!child.slicing) return;

    const counts = new Map(child.slices.map((s) => [s, 0]));
    values.forEach((value, i) => {
      const slice = child.slices.find((s) => this.inSlice(value, s, child.slicing!.discriminators, ctx, indexed(i)));
      if (slice) {
        counts.set(slice, counts.get(slice)! + 1);
        this.validateValue(value, slice, indexed(i), ctx);
      } else if (child.slicing!.closed) {
        ctx.issues.push({
          severity: 'error',
          rule: 'slice',
          path: indexed(i),
          message: 'matches no slice of a closed slicing',
          profile: child.profile,
        });
      }
    });
    for (const [slice, count] of counts) {
      if (count < slice.min || count > slice.max) {
        ctx.issues.push({
          severity: 'error',
          rule: 'slice',
          path: `${path}:${slice.sliceName}`,
          message: `slice ${slice.sliceName} has ${count} value(s), ${cardinality(slice)} allowed`,
          profile: child.profile,
        });
      }
    }
  }

  private inSlice(
    value: unknown,
    slice: ElementNode,
    discriminators: { type: string; path: string }[],
    ctx: Context,
    valuePath: string,
  ): boolean {
    return discriminators.every((d) => {
      const target = d.path === '$this' ? [value] : valuesAtPath(value, d.path);
      if (d.type === 'type') {
        const codes = (this.definitionAt(slice, d.path)?.types ?? slice.types).map((t) => t.code);
        return target.length > 0 && target.every((v) => codes.includes(typeName(v)));
      }
      if (d.type === 'profile') {
        const profiles = (this.definitionAt(slice, d.path)?.types ?? []).flatMap((t) => t.profiles).filter((p) => this.roots.has(p));
        // A resource conforms to no profile of another resource type: decided without walking it.
        const sameType = (v: unknown, p: string) =>
          !isObject(v) || typeof v.resourceType !== 'string' || this.root(p).path === v.resourceType;
        // One value at a one-step path: walked where it is (`…entry[1].resource`), so its slice's validation reuses the walk.
        const at = target.length === 1 && !d.path.includes('.') ? (d.path === '$this' ? valuePath : `${valuePath}.${d.path}`) : undefined;
        return (
          target.length > 0 &&
          profiles.length > 0 &&
          target.every((v) => profiles.some((p) => sameType(v, p) && this.conforms(v, p, ctx, at)))
        );
      }
      // value / pattern: the fixed or pattern value the slice (or its type profile) sets at the path, else its required binding.
      const definition = this.definitionAt(slice, d.path);
      if (!definition || target.length !== 1) return false;
      if (definition.fixed !== undefined) return deepEqual(target[0], definition.fixed);
      if (definition.pattern !== undefined) return matchesPattern(target[0], definition.pattern);
      if (definition.requiredValueSet) return this.codesOf(target[0]).some((c) => this.expand(definition.requiredValueSet!)?.has(c));
      return false;
    });
  }

  /** The element at a discriminator path below a slice: in the slice's own snapshot children, else in its type profile. */
  private readonly definitions = new WeakMap<ElementNode, Map<string, ElementNode | undefined>>();

  /** The element at a discriminator path below a slice (remembered: the snapshots do not change). */
  private definitionAt(slice: ElementNode, path: string): ElementNode | undefined {
    let known = this.definitions.get(slice);
    if (!known) this.definitions.set(slice, (known = new Map()));
    if (!known.has(path)) known.set(path, this.findDefinition(slice, path));
    return known.get(path);
  }

  private findDefinition(slice: ElementNode, path: string): ElementNode | undefined {
    if (path === '$this') return slice;
    const walk = (start: ElementNode): ElementNode | undefined => {
      let node: ElementNode | undefined = start;
      for (const segment of path.split('.')) node = node?.children.find((c) => c.name === segment || c.name === `${segment}[x]`);
      return node;
    };
    const own = walk(slice);
    if (own && (own.fixed !== undefined || own.pattern !== undefined || own.requiredValueSet || own.types.length > 0)) return own;
    for (const profile of slice.types.flatMap((t) => t.profiles)) {
      const root = this.roots.get(profile);
      const found = root && walk(root);
      if (found) return found;
    }
    return own;
  }

  private checkBinding(value: unknown, node: ElementNode, path: string, ctx: Context): void {
    const valueSet = node.requiredValueSet!;
    const codes = this.expand(valueSet);
    if (!codes) {
      this.uncheckedBindings.add(valueSet);
      return;
    }
    const given = this.codesOf(value);
    // A required binding on a CodeableConcept is met by one coding from the value set; on a Coding or code, by it.
    if (given.length > 0 && !given.some((c) => codes.has(c))) {
      ctx.issues.push({
        severity: 'error',
        rule: 'binding',
        path,
        message: `${given.join(', ')} is not in the required value set ${valueSet}`,
        profile: node.profile,
      });
    }
  }

  /** `system|code` of a code (system unknown: `|code` matches any system), Coding or each coding of a CodeableConcept. */
  private codesOf(value: unknown): string[] {
    if (typeof value === 'string') return [`*|${value}`];
    if (!isObject(value)) return [];
    if (Array.isArray(value.coding)) return value.coding.flatMap((c) => this.codesOf(c));
    if (typeof value.code === 'string') return [`${typeof value.system === 'string' ? value.system : ''}|${value.code}`];
    return [];
  }

  private collectReference(value: unknown, node: ElementNode, path: string, ctx: Context): void {
    const refType = node.referenceType;
    if (!refType || !isObject(value) || typeof value.reference !== 'string') return;
    ctx.references.push({ path, reference: value.reference, targetProfiles: refType.targetProfiles });
  }

  private computeExpansion(url: string): Set<string> | null {
    const vs = this.valueSets.get(url);
    if (!vs?.compose?.include) return null;
    const codes = new Set<string>();
    for (const include of vs.compose.include) {
      const part = this.expandInclude(include);
      if (!part) return null;
      for (const c of part) codes.add(c);
    }
    for (const exclude of vs.compose.exclude ?? []) {
      const part = this.expandInclude(exclude);
      if (!part) return null;
      for (const c of part) codes.delete(c);
    }
    return codes;
  }

  private expandInclude(include: NonNullable<ValueSet['compose']>['include'][number]): Set<string> | null {
    let codes: Set<string> | null = null;
    if (include.system) {
      const system = include.system;
      if (include.concept) {
        codes = new Set(include.concept.map((c) => `${system}|${c.code}`));
      } else {
        const cs = this.codeSystems.get(system);
        if (!cs?.concept || (cs.content && cs.content !== 'complete')) return null;
        let concepts = flatten(cs.concept);
        for (const filter of include.filter ?? []) {
          const anchor = findConcept(cs.concept, filter.value ?? '');
          if (filter.property !== 'concept' || !anchor) return null;
          if (filter.op === 'descendent-of') concepts = flatten(anchor.concept ?? []);
          else if (filter.op === 'is-a') concepts = [anchor, ...flatten(anchor.concept ?? [])];
          else return null;
        }
        codes = new Set(concepts.map((c) => `${system}|${c.code}`));
      }
    }
    for (const included of include.valueSet ?? []) {
      const other = this.expand(included);
      if (!other) return null;
      codes = codes ? new Set([...codes].filter((c) => other.has(c))) : new Set(other);
    }
    if (!codes) return null;
    // A plain code (no system) is matched on its code alone.
    for (const c of [...codes]) codes.add(`*|${c.slice(c.indexOf('|') + 1)}`);
    return codes;
  }
}

function flatten(concepts: CodeSystemConcept[]): CodeSystemConcept[] {
  return concepts.flatMap((c) => [c, ...flatten(c.concept ?? [])]);
}

function findConcept(concepts: CodeSystemConcept[], code: string): CodeSystemConcept | undefined {
  for (const c of concepts) {
    if (c.code === code) return c;
    const inner = findConcept(c.concept ?? [], code);
    if (inner) return inner;
  }
  return undefined;
}

/** The snapshot as a tree of elements, slices under the element they slice. */
function compile(sd: StructureDefinition): ElementNode {
  const elements = sd.snapshot?.element;
  if (!elements?.length) throw new Error(`StructureDefinition ${sd.url} has no snapshot`);
  const byId = new Map<string, ElementNode>();
  let root: ElementNode | undefined;
  for (const element of elements) {
    const node = toNode(element, sd.url);
    byId.set(node.id, node);
    const segments = splitId(node.id);
    if (segments.length === 1) {
      root = node;
      continue;
    }
    const last = segments[segments.length - 1];
    if (element.sliceName && last.endsWith(`:${element.sliceName}`)) {
      const sliced = byId.get([...segments.slice(0, -1), last.slice(0, -element.sliceName.length - 1)].join('.'));
      sliced?.slices.push(node);
    } else {
      byId.get(segments.slice(0, -1).join('.'))?.children.push(node);
    }
  }
  if (!root) throw new Error(`StructureDefinition ${sd.url} has no root element`);
  for (const node of byId.values()) {
    node.absentIsFine = !node.name.endsWith('[x]') && node.min === 0 && node.slices.every((slice) => slice.min === 0);
    node.referenceType = node.types.find((t) => t.code === 'Reference');
  }
  return root;
}

function splitId(id: string): string[] {
  return id.split('.');
}

function toNode(element: ElementDefinition, profile: string): ElementNode {
  const id = element.id ?? element.path ?? '';
  const path = element.path ?? id;
  const record = element as unknown as Record<string, unknown>;
  const key = (prefix: string) => Object.keys(record).find((k) => k.startsWith(prefix) && k.length > prefix.length);
  const fixedKey = key('fixed');
  const patternKey = key('pattern');
  const invariants: Invariant[] = (element.constraint ?? [])
    .filter((c) => c.severity === 'error' && c.expression && c.source && !c.source.startsWith(BASE_SPEC))
    .map((c) => {
      // resolveInternalTypes off: an invariant's result is a boolean, and converting fhirpath's typed values back costs a quarter of the time.
      const compiled = fhirpath.compile({ base: path, expression: c.expression! }, r4Model, { resolveInternalTypes: false });
      const evaluate = (value: unknown, env: Record<string, unknown>) => compiled(value as never, env as never) as unknown[];
      return {
        key: c.key ?? 'invariant',
        human: c.human ?? c.expression!,
        evaluate: readsOnlyItsValue(c.expression!) ? remembered(evaluate) : evaluate,
      };
    });
  return {
    id,
    path,
    name: path.split('.').pop() ?? path,
    ...(element.sliceName ? { sliceName: element.sliceName } : {}),
    min: element.min ?? 0,
    max: element.max === '*' || element.max === undefined ? Infinity : Number(element.max),
    types: (element.type ?? []).map((t) => ({ code: t.code ?? '', profiles: t.profile ?? [], targetProfiles: t.targetProfile ?? [] })),
    ...(fixedKey ? { fixed: record[fixedKey] } : {}),
    ...(patternKey ? { pattern: record[patternKey] } : {}),
    ...(element.maxLength !== undefined ? { maxLength: element.maxLength } : {}),
    ...(element.binding?.strength === 'required' && element.binding.valueSet ? { requiredValueSet: element.binding.valueSet } : {}),
    invariants,
    children: [],
    ...(element.slicing
      ? {
          slicing: {
            discriminators: (element.slicing.discriminator ?? []).map((d) => ({ type: d.type!, path: d.path! })),
            closed: element.slicing.rules === 'closed',
          },
        }
      : {}),
    slices: [],
    profile,
  };
}

/** An expression that reads nothing but the element it is evaluated on (no %resource, %context, resolve()): its result is a function of that value. */
function readsOnlyItsValue(expression: string): boolean {
  return !/%|resolve\s*\(/.test(expression);
}

/**
 * fhirpath.js costs tens of microseconds per evaluation; an invariant that reads only its value
 * gives the same answer for the same value: remembered per primitive (the municipality's one SOR
 * code, a CPR met twice in a report: once to pick the identifier's slice, once to validate it) and
 * per object for as long as the object lives.
 */
function remembered(evaluate: Invariant['evaluate']): Invariant['evaluate'] {
  const primitives = new Map<unknown, unknown[]>();
  const objects = new WeakMap<object, unknown[]>();
  return (value, env) => {
    if (typeof value === 'object' && value !== null) {
      let result = objects.get(value);
      if (!result) objects.set(value, (result = evaluate(value, env)));
      return result;
    }
    let result = primitives.get(value);
    if (!result) {
      if (primitives.size >= 10_000) primitives.clear();
      primitives.set(value, (result = evaluate(value, env)));
    }
    return result;
  };
}

const NONE: string[] = [];

function cardinality(node: ElementNode): string {
  return `${node.min}..${node.max === Infinity ? '*' : node.max}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * The values of a child element in a JSON object; for a choice `value[x]`, whichever `valueX` key
 * is present, and the keys present for a type the element does not allow.
 */
function valuesOf(parent: Record<string, unknown>, child: ElementNode): { key?: string; values: unknown[]; disallowed: string[] } {
  const list = (raw: unknown) => (raw === undefined ? [] : Array.isArray(raw) ? raw : [raw]);
  if (!child.name.endsWith('[x]')) return { key: child.name, values: list(parent[child.name]), disallowed: [] };
  const stem = child.name.slice(0, -3);
  const allowed = new Set(child.types.map((t) => `${stem}${capitalise(t.code)}`));
  const present = Object.keys(parent).filter((k) => k.startsWith(stem) && /^[A-Z]/.test(k.slice(stem.length)));
  const disallowed = allowed.size > 0 ? present.filter((k) => !allowed.has(k)) : [];
  return { key: present[0], values: present.flatMap((k) => list(parent[k])), disallowed };
}

/** Values at a dotted path below a value (arrays flattened), for slice discriminators. */
function valuesAtPath(value: unknown, path: string): unknown[] {
  let current: unknown[] = [value];
  for (const segment of path.split('.')) {
    current = current.flatMap((v) => {
      if (!isObject(v)) return [];
      const raw = v[segment];
      return raw === undefined ? [] : Array.isArray(raw) ? raw : [raw];
    });
  }
  return current;
}

function typeName(value: unknown): string {
  return isObject(value) && typeof value.resourceType === 'string' ? value.resourceType : typeof value;
}

/** The element's type this value is, by resourceType for resources, by the choice key otherwise (one type: that one). */
function typeOf(value: unknown, node: ElementNode): TypeRef | undefined {
  if (node.types.length === 0) return undefined;
  if (isObject(value) && typeof value.resourceType === 'string')
    return node.types.find((t) => t.code === value.resourceType || t.code === 'Resource');
  return node.types.length === 1 ? node.types[0] : undefined;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isObject(a) && isObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => deepEqual(a[k], b[k]));
  }
  return false;
}

/** FHIR pattern[x]: every property the pattern has is in the value with the same content; arrays: each pattern item matched by a value item. */
function matchesPattern(value: unknown, pattern: unknown): boolean {
  if (Array.isArray(pattern)) return Array.isArray(value) && pattern.every((p) => value.some((v) => matchesPattern(v, p)));
  if (!isObject(pattern)) return value === pattern;
  if (!isObject(value)) return false;
  return Object.entries(pattern).every(([k, p]) => {
    const v = value[k];
    return Array.isArray(v) && !Array.isArray(p) ? v.some((x) => matchesPattern(x, p)) : matchesPattern(v, p);
  });
}
