// What the display covers, in the header: "Tỉnh An Phú · Ngoài nhà nước", or the district in focus.
import type { OwnershipChoice } from "../dashboard/view-state.ts";
import { t } from "../i18n/index.ts";
import type { MessageKey } from "../i18n/vi.ts";

const OWNERSHIP_TEXT: Record<OwnershipChoice, MessageKey> = {
  nonState: "ownershipNonState",
  all: "ownershipAll",
  STATE: "ownershipSTATE",
  DOMESTIC: "ownershipDOMESTIC",
  FDI: "ownershipFDI",
  COOPERATIVE: "ownershipCOOPERATIVE",
};

export function scopeText(area: string, ownership: OwnershipChoice): string {
  return area ? `${area} · ${t(OWNERSHIP_TEXT[ownership])}` : t(OWNERSHIP_TEXT[ownership]);
}
