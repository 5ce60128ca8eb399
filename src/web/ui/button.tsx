import type { ComponentProps } from 'react';

type Variant = 'primary' | 'secondary' | 'danger' | 'link';

interface ButtonProps extends ComponentProps<'button'> {
  variant?: Variant;
  /** While true the button stays focusable but announces that the work is under way. */
  pending?: boolean;
}

/** A button for actions; navigation uses links. Defaults to type="button". */
export function Button({ variant = 'primary', pending = false, className, type, ...rest }: ButtonProps) {
  const classes = ['button', `button-${variant}`, className].filter(Boolean).join(' ');
  return (
    <button
      type={type === 'submit' ? 'submit' : type === 'reset' ? 'reset' : 'button'}
      className={classes}
      aria-busy={pending ? true : undefined}
      {...rest}
    />
  );
}
