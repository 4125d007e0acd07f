// Endpoint permission levels, lowest first, so "at least" is a comparison of positions.
const ORDER = ['CAN_VIEW', 'CAN_QUERY', 'CAN_MANAGE'];

export const atLeast = (level, wanted) => ORDER.indexOf(level) >= ORDER.indexOf(wanted);
export const canQuery = (endpoint) => atLeast(endpoint.permission_level, 'CAN_QUERY');
export const canManage = (endpoint) => atLeast(endpoint.permission_level, 'CAN_MANAGE');
