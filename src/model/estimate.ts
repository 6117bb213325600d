/** One named line of a site's monthly bill (Infracost's "cost component"). */
export interface CostComponent {
  name: "input" | "cache_write" | "cache_read" | "output";
  tokensPerMonth: number;
  /** Effective USD per 1M tokens after every multiplier. */
  pricePerMillion: number;
  monthlyCost: number;
  /** e.g. "geo profile ×1.1", "flex ×0.5", "1h cache write ×2". */
  note?: string;
}

/** What one call site costs per month under its assumptions, or why it cannot be priced. */
export type SiteEstimate =
  | {
      priced: true;
      monthlyCost: number;
      components: CostComponent[];
      /** Everything that changed the figure beyond list price × assumptions, in words. */
      notes: string[];
      /** Catalog entry used, for the assumptions table. */
      model: { id: string; name: string; source: string; verifiedAt: string };
    }
  | { priced: false; reason: string; notes: string[] };
