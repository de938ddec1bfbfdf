/** A brand's identity-verification secret, sealed under the server key (`Secrets`). */
export interface IdentitySecretRecord {
  brandId: string
  sealedSecret: string
  createdAtMs: number
}

/** A visitor that is a brand's logged-in customer: the brand's own id for them. */
export interface VisitorIdentityRecord {
  brandId: string
  /** The customer's id on the brand's site, as the brand signed it. */
  userId: string
  visitorId: string
  createdAtMs: number
}

/** Identity verification: each brand's secret, and which visitor is which of its customers. */
export interface VisitorIdentityReads {
  /** The brand's current secret, if it made one. */
  secretOf(brandId: string): Promise<IdentitySecretRecord | undefined>
  /** The visitor that is this customer of this brand. */
  visitorOf(brandId: string, userId: string): Promise<VisitorIdentityRecord | undefined>
  /** The customer a visitor is, if it is one. */
  ofVisitor(visitorId: string): Promise<VisitorIdentityRecord | undefined>
}

export interface VisitorIdentityWrites extends VisitorIdentityReads {
  /** Sets the brand's secret, replacing the one it had. */
  saveSecret(record: IdentitySecretRecord): Promise<void>
  /** Records that a visitor is this customer; false when the customer or the visitor already has one. */
  link(record: VisitorIdentityRecord): Promise<boolean>
}
