// Code lists the formats check against. Kept here, small, so that the formats stand alone; name-to-code
// normalisation ("Arizona" -> AZ, "Sonora" -> SON) is the business of src/domain on the way in.

export const US_STATE_CODES: ReadonlySet<string> = new Set([
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA',
  'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO', 'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR',
  'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR', 'GU', 'VI', 'AS', 'MP',
]);

/** ISO 3166-2:MX subdivision codes (without the "MX-" prefix). */
export const MX_STATE_CODES: ReadonlySet<string> = new Set([
  'AGU', 'BCN', 'BCS', 'CAM', 'CHP', 'CHH', 'CMX', 'COA', 'COL', 'DUR', 'GUA', 'GRO', 'HID', 'JAL', 'MEX', 'MIC',
  'MOR', 'NAY', 'NLE', 'OAX', 'PUE', 'QUE', 'ROO', 'SLP', 'SIN', 'SON', 'TAB', 'TAM', 'TLA', 'VER', 'YUC', 'ZAC',
]);

/**
 * ISO 3166-1 alpha-2 codes of the countries that appear in tracing (origin of manufacture, recovery): the Americas,
 * Europe and the main arms-exporting countries. Extend when a real file needs another.
 */
export const COUNTRY_CODES: ReadonlySet<string> = new Set([
  'US', 'MX', 'CA', 'GT', 'BZ', 'HN', 'SV', 'NI', 'CR', 'PA', 'CO', 'VE', 'EC', 'PE', 'BR', 'AR', 'CL', 'UY', 'PY',
  'BO', 'DO', 'HT', 'JM', 'TT', 'BS', 'CU', 'PR', 'AT', 'BE', 'BG', 'HR', 'CZ', 'DK', 'FI', 'FR', 'DE', 'GR', 'HU',
  'IE', 'IT', 'NL', 'NO', 'PL', 'PT', 'RO', 'RS', 'RU', 'SK', 'SI', 'ES', 'SE', 'CH', 'TR', 'UA', 'GB', 'BA', 'BY',
  'IL', 'CN', 'JP', 'KR', 'PH', 'IN', 'PK', 'ZA', 'AU', 'NZ',
]);
