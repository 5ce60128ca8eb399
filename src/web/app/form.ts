import { type FormEvent, useCallback, useState } from 'react';
import { type ApiError, fieldMessage } from './api';
import { type Action, useAction } from './hooks';

type StringKey<T> = { [K in keyof T]: T[K] extends string ? K : never }[keyof T] & string;
type BooleanKey<T> = { [K in keyof T]: T[K] extends boolean ? K : never }[keyof T] & string;

/** Where the id of an API field's input comes from: a fixed map, or a rule such as `${prefix}-${field}`. */
export type FieldIds = Record<string, string> | ((field: string) => string | undefined);

/** What one input needs to show a value of the form, its API error, and to write it back. */
export interface BoundField {
  id: string;
  value: string;
  error: string | undefined;
  onChange: (event: { target: { value: string } }) => void;
}

/** Binds the inputs named K: what a group of fields shared by several forms takes. */
export type Bind<K extends string> = (key: K) => BoundField;

export interface Form<T> extends Action {
  values: T;
  setValues: (next: T | ((previous: T) => T)) => void;
  set: <K extends keyof T>(key: K, value: T[K]) => void;
  /** The id of the input for an API field name, for the error summary's links. */
  fieldId: (field: string) => string | undefined;
  /** Binds one text, date, number or select input to `values[key]`, its id and its API error. */
  field: (key: StringKey<T>, apiField?: string) => BoundField;
  /** Binds one checkbox to the yes-or-no `values[key]` and its id. */
  check: (key: BooleanKey<T>) => {
    id: string;
    checked: boolean;
    onChange: (event: { target: { checked: boolean } }) => void;
  };
  /** A submit handler that stops the page reload and runs the change once, keeping its error. */
  onSubmit: (task: () => Promise<void>) => (event: FormEvent) => void;
}

/**
 * A form that sends one change: its values, the running change (pending, translated error) and the
 * props that tie each input to its value, its id and the server's message about it.
 */
export function useForm<T extends object>(initial: T | (() => T), ids: FieldIds): Form<T> {
  const action = useAction();
  const [values, setValues] = useState<T>(initial);
  const set = useCallback(<K extends keyof T>(key: K, value: T[K]) => {
    setValues((previous) => ({ ...previous, [key]: value }));
  }, []);
  const fieldId = (field: string) => (typeof ids === 'function' ? ids(field) : ids[field]);
  const field = binder({ values, set, error: action.error, fieldId });
  const check = (key: BooleanKey<T>) => ({
    id: fieldId(key) ?? key,
    checked: values[key] as boolean,
    onChange: (event: { target: { checked: boolean } }) => set(key, event.target.checked as T[typeof key]),
  });
  const onSubmit = (task: () => Promise<void>) => (event: FormEvent) => {
    event.preventDefault();
    void action.run(task);
  };
  return { ...action, values, setValues, set, fieldId, field, check, onSubmit };
}

interface BinderOptions<T> {
  values: T;
  set: <K extends keyof T>(key: K, value: T[K]) => void;
  error: ApiError | undefined;
  fieldId: (field: string) => string | undefined;
}

/**
 * Binds inputs to a set of values held elsewhere (a form's own, or a parent's for a group of fields):
 * `field(key)`, or `field(key, apiField)` when the API names the field otherwise.
 */
export function binder<T>({ values, set, error, fieldId }: BinderOptions<T>) {
  return (key: StringKey<T>, apiField: string = key): BoundField => ({
    id: fieldId(apiField) ?? apiField,
    value: values[key] as string,
    error: fieldMessage(error, apiField),
    onChange: (event) => set(key, event.target.value as T[typeof key]),
  });
}
