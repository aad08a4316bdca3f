// Which parties and links are cut off right now. A cut party neither sends nor receives; a cut
// link (from → to) carries nothing in that direction. Healing restores it.

export type PartyId = string;

/** A scheduled cut: a whole party, or one directed link, from atMs until healAtMs (or forever). */
export type PartitionSpec =
  | { readonly party: PartyId; readonly atMs: number; readonly healAtMs?: number }
  | { readonly link: { readonly from: PartyId; readonly to: PartyId }; readonly atMs: number; readonly healAtMs?: number };

export const linkKey = (from: PartyId, to: PartyId): string => `${from}->${to}`;

export class Partitions {
  private readonly parties = new Set<PartyId>();
  private readonly links = new Set<string>();

  cutParty(party: PartyId): void {
    this.parties.add(party);
  }
  healParty(party: PartyId): void {
    this.parties.delete(party);
  }
  cutLink(from: PartyId, to: PartyId): void {
    this.links.add(linkKey(from, to));
  }
  healLink(from: PartyId, to: PartyId): void {
    this.links.delete(linkKey(from, to));
  }

  isCut(from: PartyId, to: PartyId): boolean {
    return this.parties.has(from) || this.parties.has(to) || this.links.has(linkKey(from, to));
  }
}
