/** The menu of each role: what it does in the procedure, nothing it cannot open. */
export function navFor(role: string): { to: string; text: string }[] {
  const inbox = { to: '/inbox', text: '我的待办' };
  switch (role) {
    case 'village-cadre':
    case 'village-committee':
    case 'township-officer':
    case 'city-bureau':
    case 'lead-department':
      return [inbox];
    case 'supervisor':
      return [inbox];
    default:
      return [];
  }
}
