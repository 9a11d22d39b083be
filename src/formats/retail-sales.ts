// Recognising a plain retail-sales file so that it can be refused. There is no schema for retail sales and there
// must never be one: 18 U.S.C. 926(a) forbids a registry of firearms owners, the appropriations riders forbid
// consolidating dealers' records, and background-check (NICS) data is never stored.

export interface RetailSalesSignature {
  id: string;
  /** What the columns reveal, in words for the refusal message. */
  what: string;
  /** The signature matches when every group has at least one column present. */
  groups: readonly (readonly string[])[];
}

/** Column names are compared after folding case and separators: "NICS Transaction #" is nics_transaction. */
export function foldColumn(name: string): string {
  return name
    .replace(/^\uFEFF/, '')
    .trim()
    .toLowerCase()
    .replace(/#/g, ' number')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

export const RETAIL_SALES_SIGNATURES: readonly RetailSalesSignature[] = [
  {
    id: 'nics',
    what: 'background-check (NICS) data',
    groups: [
      [
        'nics',
        'nics_transaction_number',
        'nics_transaction',
        'nics_number',
        'ntn',
        'nics_ntn',
        'nics_response',
        'nics_status',
        'nics_result',
        'nics_check_date',
        'background_check_number',
        'background_check_result',
        'bgc_transaction_number',
        'state_transaction_number',
        'proceed_delayed_denied',
      ],
    ],
  },
  {
    id: 'form_4473',
    what: 'Form 4473 records',
    groups: [
      [
        'form_4473',
        'form_4473_number',
        '4473',
        '4473_number',
        '4473_serial',
        '4473_serial_number',
        'atf_form_4473',
        'transaction_serial_number',
        'question_21a',
        '21a',
        '11a',
        'question_11a',
        'actual_buyer',
        'actual_transferee',
        'actual_transferee_buyer',
        'transferee_certification',
        'certification_date',
      ],
    ],
  },
  {
    id: 'acquisition_disposition',
    what: "a dealer's acquisition and disposition record",
    groups: [
      ['acquisition_date', 'date_acquired', 'acquired_date', 'date_of_acquisition', 'acquired_from', 'acquisition_source', 'received_from'],
      ['disposition_date', 'date_disposed', 'date_of_disposition', 'disposed_to', 'disposition_name', 'disposition_address', 'sold_to'],
    ],
  },
  {
    id: 'sales_ledger',
    what: 'a retail sales ledger',
    groups: [
      ['sale_date', 'date_of_sale', 'sold_date', 'transaction_date', 'purchase_date'],
      ['purchaser_name', 'purchaser', 'customer_name', 'customer', 'buyer_name', 'sold_to', 'transferee_name'],
      ['serial', 'serial_number', 'serial_no', 'firearm_serial'],
    ],
  },
];

export interface RetailSalesMatch {
  /** Which signatures matched, with the columns that made each match. */
  matched: { id: string; what: string; columns: string[] }[];
  /** The refusal, ready for a CLI line or an HTTP error message. */
  message: string;
}

/**
 * Recognises a plain retail-sales file from its header. The sales-ledger signature needs every group, so the
 * lawful kinds (a multiple-sale report row also has a buyer and a serial) are told apart by their own key columns:
 * a file whose header is an import kind's is judged by detectKind first, but NICS columns refuse even those.
 */
export function looksLikeRetailSales(headerColumns: readonly string[]): RetailSalesMatch | undefined {
  const present = new Map(headerColumns.map((c) => [foldColumn(c), c]));
  const matched: RetailSalesMatch['matched'] = [];
  for (const sig of RETAIL_SALES_SIGNATURES) {
    const hits: string[] = [];
    let all = true;
    for (const group of sig.groups) {
      const found = group.filter((g) => present.has(g)).map((g) => present.get(g) as string);
      if (found.length === 0) {
        all = false;
        break;
      }
      hits.push(...found);
    }
    if (all) matched.push({ id: sig.id, what: sig.what, columns: hits });
  }
  if (matched.length === 0) return undefined;
  return { matched, message: retailSalesRefusal(matched) };
}

export function retailSalesRefusal(matched: RetailSalesMatch['matched']): string {
  const what = matched.map((m) => `${m.what} (columns ${m.columns.join(', ')})`).join('; ');
  return (
    `refused: this file looks like plain retail sales: ${what}. Interdict takes no dealers' acquisition and ` +
    'disposition records and no Forms 4473 in bulk, because federal law forbids a registry of firearms owners ' +
    '(18 U.S.C. 926(a)), and it never stores background-check (NICS) data. It takes multiple-sale reports ' +
    '(F 3310.4, F 3310.12), trace requests and results, suspect-gun referrals, theft reports and dealer tips.'
  );
}
