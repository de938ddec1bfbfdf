import type { BrandRole } from '@parloir/protocol'

/** Brand teams: who belongs to which brand, with which role. */
export interface BrandReads {
  /** The role of an account in a brand's team, or undefined. */
  role(brandId: string, accountId: string): Promise<BrandRole | undefined>
  /** Brands an account belongs to, with its role, oldest membership first. */
  of(accountId: string): Promise<Array<{ brandId: string; role: BrandRole }>>
  /** A brand's team members with their roles, oldest membership first. */
  members(brandId: string): Promise<Array<{ accountId: string; role: BrandRole }>>
}

export interface BrandWrites extends BrandReads {
  /** Adds an account to a brand's team with this role, or changes the role it has. */
  setRole(brandId: string, accountId: string, role: BrandRole, atMs: number): Promise<void>
  /** Removes an account from a brand's team; nothing when it was not in it. */
  removeMember(brandId: string, accountId: string): Promise<void>
}
