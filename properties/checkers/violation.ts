// What a checker reports when a promise is broken (docs/properties.md): the property ID
// and a sentence a person can act on. Checkers return lists of these; an empty list means "holds".
import type { CatalogueId as PropertyId } from '../propertyIds.ts';

export type { PropertyId };

export interface Violation {
  readonly property: PropertyId;
  readonly detail: string;
}

export const violation = (property: PropertyId, detail: string): Violation => ({ property, detail });
