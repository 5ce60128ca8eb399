import type {
  ComponentProps,
  InputHTMLAttributes,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from 'react';
import { useTranslation } from 'react-i18next';

interface Described {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
}

function describedBy(id: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

function FieldMessages({ id, hint, error }: Omit<Described, 'label'>) {
  const { t } = useTranslation();
  return (
    <>
      {hint ? (
        <p id={`${id}-hint`} className="field-hint">
          {hint}
        </p>
      ) : null}
      {error ? (
        <p id={`${id}-error`} className="field-error">
          <span className="visually-hidden">{t('common.errorPrefix')} </span>
          {error}
        </p>
      ) : null}
    </>
  );
}

type FieldProps = Described & Omit<ComponentProps<'input'>, 'id' | 'children'>;

/** A labelled text input; its hint and error are tied to it with aria-describedby. */
export function Field({ id, label, hint, error, className, ...input }: FieldProps) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldMessages id={id} hint={hint} error={error} />
      <input
        id={id}
        className={className ? `input ${className}` : 'input'}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...input}
      />
    </div>
  );
}

type SelectFieldProps = Described & Omit<SelectHTMLAttributes<HTMLSelectElement>, 'id'>;

export function SelectField({ id, label, hint, error, children, ...select }: SelectFieldProps) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldMessages id={id} hint={hint} error={error} />
      <select
        id={id}
        className="input select"
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...select}
      >
        {children}
      </select>
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

type ChoiceFieldProps = Omit<SelectFieldProps, 'children'> & {
  options: readonly Choice[];
  /** A first option with an empty value ("choose…", "nobody", "all"). */
  placeholder?: string;
};

/** A select of allowed values, each shown with its (translated) label. */
export function ChoiceField({ options, placeholder, ...select }: ChoiceFieldProps) {
  return (
    <SelectField {...select}>
      {placeholder === undefined ? null : <option value="">{placeholder}</option>}
      {options.map((option) => (
        <option key={option.value} value={option.value}>
          {option.label}
        </option>
      ))}
    </SelectField>
  );
}

/** The choices of a closed list, labelled from the catalogue: `choices(VALUES, (v) => t(`x.${v}`))`. */
export function choices(values: readonly string[], label: (value: string) => string): Choice[] {
  return values.map((value) => ({ value, label: label(value) }));
}

type TextAreaFieldProps = Described & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'id'>;

/** A labelled multi-line input; its hint and error are tied to it with aria-describedby. */
export function TextAreaField({ id, label, hint, error, className, ...area }: TextAreaFieldProps) {
  return (
    <div className={error ? 'field field-invalid' : 'field'}>
      <label htmlFor={id}>{label}</label>
      <FieldMessages id={id} hint={hint} error={error} />
      <textarea
        id={id}
        className={className ? `input textarea ${className}` : 'input textarea'}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={error ? true : undefined}
        {...area}
      />
    </div>
  );
}

interface CheckboxProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'> {
  id: string;
  label: string;
}

export function Checkbox({ id, label, ...input }: CheckboxProps) {
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

interface RadioProps extends Omit<InputHTMLAttributes<HTMLInputElement>, 'id' | 'type'> {
  id: string;
  label: string;
}

/** One choice of a group of radio buttons (they share a name), its label beside it. */
export function Radio({ id, label, ...input }: RadioProps) {
  return (
    <div className="checkbox">
      <input id={id} type="radio" {...input} />
      <label htmlFor={id}>{label}</label>
    </div>
  );
}

interface FieldsetProps {
  id: string;
  legend: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
}

/** Inputs grouped under one legend; the group's hint and error are tied to it with aria-describedby. */
export function Fieldset({ id, legend, hint, error, children }: FieldsetProps) {
  return (
    <fieldset
      className={error ? 'field fieldset field-invalid' : 'field fieldset'}
      id={id}
      aria-describedby={describedBy(id, hint, error)}
    >
      <legend>{legend}</legend>
      <FieldMessages id={id} hint={hint} error={error} />
      {children}
    </fieldset>
  );
}

interface CheckboxGroupProps {
  id: string;
  legend: string;
  hint?: ReactNode;
  error?: string | undefined;
  options: readonly (Choice & { disabled?: boolean })[];
  value: string[];
  onChange: (value: string[]) => void;
}

/** A set of checkboxes under one legend, e.g. the roles of a person. */
export function CheckboxGroup({ id, legend, hint, error, options, value, onChange }: CheckboxGroupProps) {
  const toggle = (option: string, checked: boolean) => {
    onChange(checked ? [...value, option] : value.filter((item) => item !== option));
  };
  return (
    <Fieldset id={id} legend={legend} hint={hint} error={error}>
      <div className="checkbox-list">
        {options.map((option) => (
          <Checkbox
            key={option.value}
            id={`${id}-${option.value}`}
            label={option.label}
            checked={value.includes(option.value)}
            disabled={option.disabled}
            onChange={(event) => toggle(option.value, event.target.checked)}
          />
        ))}
      </div>
    </Fieldset>
  );
}
