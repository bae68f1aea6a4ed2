// Declarative message layouts.
//
// A message layout is data: the fixed part is an object whose key order is the wire order (string
// keys keep insertion order, ECMA-262 OrdinaryOwnPropertyKeys), the floating part maps names to
// tagged fields. The TypeScript type of each message is derived from its layout, so the two cannot
// drift apart. Derived fields (the Num… counts) and reserved fields are not part of the type: the
// encoder computes them and the decoder checks them.

import type { FixedCodec, ValueCodec } from './field-codecs.js';
import type { MessageTypeName } from './message-types.js';

/** A fixed USHORT/UINT that counts the entries of a floating list or group named `of`. */
export interface CountSpec {
  readonly kind: 'count';
  readonly of: string;
  readonly codec: FixedCodec<number>;
}

/** A fixed field the guide reserves: written as zero, skipped when read. */
export interface ReservedSpec {
  readonly kind: 'reserved';
  readonly codec: FixedCodec<number>;
}

export type FixedField = FixedCodec<unknown> | CountSpec | ReservedSpec;
export type FixedSpec = Readonly<Record<string, FixedField>>;

/** A floating field that appears at most once. */
export interface SingleSpec<T, R extends boolean> {
  readonly kind: 'single';
  readonly tag: number;
  readonly codec: ValueCodec<T>;
  readonly required: R;
}

/** A floating field the guide lets repeat (NamedVariable, NamedArray). */
export interface ListSpec<T> {
  readonly kind: 'list';
  readonly tag: number;
  readonly codec: ValueCodec<T>;
  readonly max: number;
}

/**
 * Repeated records of several tags, each entry led by its first member; the others "always
 * immediately follow" (skill groups, conference parties, CTI client history).
 */
export interface GroupSpec<M extends MemberSpec> {
  readonly kind: 'group';
  readonly members: M;
  readonly max: number;
}

type AnySingle = SingleSpec<unknown, boolean>;
export type MemberSpec = Readonly<Record<string, AnySingle>>;
export type FloatField = AnySingle | ListSpec<unknown> | GroupSpec<MemberSpec>;
export type FloatSpec = Readonly<Record<string, FloatField>>;

export interface MessageSchema<N extends MessageTypeName = MessageTypeName, F extends FixedSpec = FixedSpec, L extends FloatSpec = FloatSpec> {
  readonly name: N;
  /** The table of the CTI Server Message Reference Guide that defines the layout. */
  readonly ref: string;
  readonly fixed: F;
  readonly floating: L;
}

export const req = <T>(tag: number, codec: ValueCodec<T>): SingleSpec<T, true> => ({ kind: 'single', tag, codec, required: true });
export const opt = <T>(tag: number, codec: ValueCodec<T>): SingleSpec<T, false> => ({ kind: 'single', tag, codec, required: false });
export const list = <T>(tag: number, codec: ValueCodec<T>, max: number): ListSpec<T> => ({ kind: 'list', tag, codec, max });
export const group = <M extends MemberSpec>(max: number, members: M): GroupSpec<M> => ({ kind: 'group', members, max });
export const count = (of: string, codec: FixedCodec<number>): CountSpec => ({ kind: 'count', of, codec });
export const reserved = (codec: FixedCodec<number>): ReservedSpec => ({ kind: 'reserved', codec });

export function defineMessage<N extends MessageTypeName, F extends FixedSpec, L extends FloatSpec>(
  schema: MessageSchema<N, F, L>,
): MessageSchema<N, F, L> {
  return schema;
}

// ---- types derived from layouts ---------------------------------------------------------------

type ValueOf<S> =
  S extends FixedCodec<infer T> ? T
  : S extends SingleSpec<infer T, boolean> ? T
  : S extends ListSpec<infer T> ? T[]
  : S extends GroupSpec<infer M> ? Fields<M>[]
  : never;

type RequiredKeys<F> = { [K in keyof F]: F[K] extends FixedCodec<unknown> | SingleSpec<unknown, true> ? K : never }[keyof F];
type OptionalKeys<F> = {
  [K in keyof F]: F[K] extends SingleSpec<unknown, false> | ListSpec<unknown> | GroupSpec<MemberSpec> ? K : never
}[keyof F];

/** The values of a fixed or floating part: required fields, then optional ones (lists included). */
export type Fields<F> = { -readonly [K in RequiredKeys<F>]: ValueOf<F[K]> } & { -readonly [K in OptionalKeys<F>]?: ValueOf<F[K]> };

type Simplify<T> = { [K in keyof T]: T[K] } & {};

/** The typed message a layout describes, discriminated by `type`. */
export type MessageOf<S> = S extends MessageSchema<infer N, infer F, infer L>
  ? Simplify<{ type: N } & Fields<F> & Fields<L>>
  : never;
