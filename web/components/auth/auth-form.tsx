'use client';

import Link from 'next/link';
import { useActionState } from 'react';
import { Field } from '@/components/ui/field';
import { FormAlert } from '@/components/ui/form-alert';
import { SubmitButton } from '@/components/ui/submit-button';
import { signInAction, signUpAction, type AuthFormState } from './actions';

/** Sign-up and sign-in share one form; the API decides what is valid and its messages appear by the fields. */
export function AuthForm({ mode, next }: { mode: 'signup' | 'signin'; next: string }) {
  const [state, action] = useActionState<AuthFormState, FormData>(mode === 'signup' ? signUpAction : signInAction, {});
  const other = mode === 'signup' ? { href: '/signin', text: 'Already have an account? Sign in' } : { href: '/signup', text: 'New here? Create an account' };
  return (
    <form action={action} className="stack form-narrow" noValidate key={state.values?.email ?? ''}>
      <FormAlert state={state} />
      <input type="hidden" name="next" value={next} />
      <Field
        name="email"
        label="Email"
        error={state.fields?.email}
        required
        render={(props) => <input {...props} type="email" autoComplete="email" defaultValue={state.values?.email} />}
      />
      <Field
        name="password"
        label="Password"
        hint={mode === 'signup' ? '8 to 128 characters' : undefined}
        error={state.fields?.password}
        required
        render={(props) => <input {...props} type="password" autoComplete={mode === 'signup' ? 'new-password' : 'current-password'} />}
      />
      <SubmitButton pending={mode === 'signup' ? 'Creating account…' : 'Signing in…'}>{mode === 'signup' ? 'Create account' : 'Sign in'}</SubmitButton>
      <p>
        <Link href={`${other.href}${next !== '/' ? `?next=${encodeURIComponent(next)}` : ''}`}>{other.text}</Link>
      </p>
    </form>
  );
}
