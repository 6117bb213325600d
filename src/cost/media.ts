import type { CallSite } from "../model/call-site.js";
import type { SiteEstimate, UnitCostComponent } from "../model/estimate.js";
import { UNIT_ASSUMPTIONS, type Assumption, type UsageAssumptions } from "../model/usage.js";
import { legacyNotes, MEDIA_UNITS, type Catalog, type MediaModel, type Resolution } from "./catalog.js";

/**
 * How a call to a model billed per unit is priced per month:
 *
 *   C  calls per month = requests_per_month × calls_per_request
 *   U  units per call  = images_per_call (image models), video_seconds_per_call (video), queries_per_call (rerank);
 *                        by default the request's own figure (numberOfImages, durationSeconds), else the model's default
 *   p  price per unit  = the catalog price for the request's quality and size (images), after the config discount
 *
 *   monthly cost = C × U × p
 *
 * An image price depends on quality and size: a quality or size the code does not show statically is
 * priced at the dearest tier, so the figure is not understated, and a note says so.
 */
export function estimateMediaSite(site: CallSite, usage: UsageAssumptions, resolution: Extract<Resolution<MediaModel>, { ok: true }>, catalog: Catalog): SiteEstimate {
  const { model } = resolution;
  const notes = [...resolution.notes, ...legacyNotes(model)];
  const tier = priceTier(model, site, notes);
  const discount = 1 - catalog.discountPercent / 100;
  if (catalog.discountPercent > 0) notes.push(`discount ${catalog.discountPercent}% (pricing.discount_percent)`);
  const calls = usage.requestsPerMonth.value * usage.callsPerRequest.value;
  const perCall = unitsPerCall(model, usage);
  const unitPrice = tier.price * discount;
  const quantityPerMonth = calls * perCall.value;
  const component: UnitCostComponent = {
    name: COMPONENT_NAMES[model.kind],
    unit: MEDIA_UNITS[model.kind],
    quantityPerMonth,
    unitPrice,
    monthlyCost: quantityPerMonth * unitPrice,
    ...(tier.label ? { note: tier.label } : {}),
  };
  return { priced: true, monthlyCost: component.monthlyCost, components: [component], notes, model: { id: model.id, name: model.name, source: model.source, verifiedAt: model.verified_at } };
}

const COMPONENT_NAMES = { image: "images", video: "video", rerank: "queries" } as const;

function unitsPerCall(model: MediaModel, usage: UsageAssumptions): Assumption {
  return usage[UNIT_ASSUMPTIONS[model.kind]];
}

/** Image sizes as people say them: 1048576 pixels is "1024×1024". */
function pixelsLabel(pixels: number): string {
  const side = Math.sqrt(pixels);
  return Number.isInteger(side) ? `${side}×${side}` : `${pixels.toLocaleString("en-US")} pixels`;
}

/** The catalog price that applies to this request's quality and size, and its tier in words. */
function priceTier(model: MediaModel, site: CallSite, notes: string[]): { price: number; label: string } {
  const tiers = model.prices;
  if (tiers.length === 1) return { price: tiers[0]!.price, label: "" };
  const media = site.media?.kind === "image" ? site.media : undefined;
  const qualities = new Set<string>(tiers.flatMap((t) => (t.quality ? [t.quality] : [])));
  let quality = media?.quality === undefined ? "standard" : media.quality;
  if (qualities.size > 0 && (quality === null || !qualities.has(quality))) {
    notes.push(`image quality ${quality === null ? "is not readable" : `"${quality}" is not a listed quality`}: priced at premium, the dearer`);
    quality = "premium";
  }
  const sameQuality = tiers.filter((t) => t.quality === undefined || t.quality === quality);
  const bySize = [...sameQuality].sort((a, b) => (a.max_pixels ?? Infinity) - (b.max_pixels ?? Infinity));
  const largest = bySize[bySize.length - 1]!;
  const pixels = media?.pixels === undefined ? model.default_pixels : media.pixels;
  let tier = largest;
  if (pixels === null) notes.push("image size is not readable: priced at the largest size tier");
  else {
    const fits = bySize.find((t) => t.max_pixels === undefined || t.max_pixels >= pixels);
    if (fits) tier = fits;
    else notes.push(`image size ${pixels.toLocaleString("en-US")} pixels is above every listed size: priced at the largest`);
  }
  const size = tier.max_pixels === undefined ? "" : `up to ${pixelsLabel(tier.max_pixels)}`;
  return { price: tier.price, label: [tier.quality ?? "", size].filter(Boolean).join(", ") };
}
