// The demo book of business (filled in below).
import type { OrgState } from '../org.js';

export interface DemoAccount {
  productAccountId: string;
  seats: number;
  profile: 'healthy' | 'declining' | 'new' | 'inactive';
}

export const DEMO_ACCOUNTS: DemoAccount[] = [];

export function seedDemo(org: OrgState): void {
  void org;
}
