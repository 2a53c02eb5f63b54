/** What a form's server action answers when it does not redirect: errors per field, a general message, the input back. */
export interface FormState<Field extends string = string> {
  fields?: Partial<Record<Field, string>>;
  message?: string;
  values?: Partial<Record<string, string>>;
  ok?: boolean;
}
