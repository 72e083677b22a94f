declare module 'asl-validator' {
  /** asl-validator 4: validates an Amazon States Language definition (and mutates it: pass a copy). */
  export default function validator(
    definition: unknown,
    options?: { checkPaths?: boolean; checkArn?: boolean },
  ): { isValid: boolean; errors: unknown[]; errorsText?: (separator?: string) => string };
}

declare namespace jest {
  // @microsoft/jest-sarif registers this matcher when imported: the value is a SARIF 2.1.0 log valid
  // against the SARIF JSON schema it ships.
  interface Matchers<R> {
    toBeValidSarifLog(): R;
  }
}
