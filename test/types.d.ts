declare module 'asl-validator' {
  /** asl-validator 4: validates an Amazon States Language definition (and mutates it: pass a copy). */
  export default function validator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): { isValid: boolean; errors: unknown[]; errorsText?: (separator?: string) => string };
}
