/** One named line of a site's monthly bill (Infracost's "cost component"): tokens, or units of a model priced per unit. */
export type CostComponent = TokenCostComponent | UnitCostComponent;

export interface TokenCostComponent {
  /** query_embedding: a RetrieveAndGenerate query embedded on its knowledge base's model. */
  name: "input" | "cache_write" | "cache_read" | "output" | "query_embedding";
  tokensPerMonth: number;
  /** Effective USD per 1M tokens after every multiplier. */
  pricePerMillion: number;
  monthlyCost: number;
  /** e.g. "geo profile ×1.1", "flex ×0.5", "1h cache write ×2". */
  note?: string;
}

/** Images, seconds of video, rerank queries, guardrail text units: what Bedrock bills per unit, not per token. */
export interface UnitCostComponent {
  name: "images" | "video" | "queries" | "reranking" | "guardrail" | "node transitions";
  unit: "image" | "second" | "query" | "1K text units" | "1K node transitions";
  quantityPerMonth: number;
  /** Effective USD per unit after the config discount. */
  unitPrice: number;
  monthlyCost: number;
  /** The price tier, e.g. "premium, up to 2048×2048". */
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

/** One named line of a resource's monthly bill, e.g. "model units (6-month commitment)". */
export interface ResourceCostComponent {
  name: string;
  quantity: number;
  unit: string;
  unitPrice: number;
  monthlyCost: number;
}

export type ResourceEstimate =
  | {
      priced: true;
      monthlyCost: number;
      /** Total owed over the commitment term (provisioned throughput); null without a term. */
      commitmentTotal: number | null;
      components: ResourceCostComponent[];
      notes: string[];
      source: string;
      verifiedAt: string;
      /** Provisioned throughput: the on-demand token volume per month that would cost the same. */
      breakEven?: { tokensPerMonth: number; blendedPricePerMillion: number; basis: string };
      /** Kind-specific figures for the report, e.g. { ocuFloor: 2 }. */
      facts?: Record<string, number>;
      /** A cheaper way to get the same thing, with what its figure assumes (e.g. S3 Vectors for a knowledge base). */
      alternative?: { name: string; monthlyCost: number; assumptions: string[] };
    }
  | { priced: false; reason: string; notes: string[] };

