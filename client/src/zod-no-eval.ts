// zod compiles fast object parsers with `new Function` when it may; our Content-Security-Policy
// (script-src 'self', no 'unsafe-eval') forbids that, and merely probing for it is reported as a
// CSP violation. Import this first on any page that parses with the contract's schemas.
import { z } from "zod";

z.config({ jitless: true });
