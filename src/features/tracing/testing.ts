/** Test helpers for the tracing slice: a complete F 3312.1 body with synthetic values. */

let seq = 0;

export function traceBody(over: Record<string, unknown> = {}): Record<string, unknown> {
  seq++;
  return {
    request_id: `REQ-${Date.now().toString(36)}-${seq}`,
    request_date: '2024-03-05',
    priority: 'routine',
    special_instructions: 'Call before contacting the dealer',
    ncic_code: '5212',
    project_code: 'BORDER-24',
    requester_ori: 'AZ0070000',
    requester_agency: 'Synthetic County Sheriff',
    officer_name: 'Officer Test',
    officer_badge: 'B-101',
    agency_case_number: 'SC-24-0042',
    contact_phone: '555-0100',
    contact_email: 'tracing@example.test',
    manufacturer: 'Romarm/Cugir',
    importer: 'Century Arms',
    model: 'WASR-10',
    serial: `RX${String(100000 + seq).slice(-6)}-${seq % 10}${seq % 7}`,
    type: 'rifle',
    caliber: '7.62x39',
    country_of_origin: 'RO',
    serial_obliterated: false,
    other_markings: 'CAI GEORGIA VT',
    recovery_date: '2024-03-01',
    recovery_address: '100 Example Rd',
    recovery_city: 'Nogales',
    recovery_state: 'AZ',
    recovery_country: 'US',
    recovery_lat: 31.34,
    recovery_lon: -110.94,
    possessor_surname: 'Ejemplo',
    possessor_given_name: 'Juan',
    possessor_dob: '1990-04-02',
    possessor_sex: 'male',
    possessor_street: '12 Sample St',
    possessor_city: 'Nogales',
    possessor_state: 'AZ',
    associates: [{ surname: 'Prueba', given_name: 'Luis', relationship: 'passenger' }],
    ...over,
  };
}
