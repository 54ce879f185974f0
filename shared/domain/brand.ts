/** A nominal type: values of different brands cannot be mixed by accident. */
export type Brand<T, B extends string> = T & { readonly __brand: B };
