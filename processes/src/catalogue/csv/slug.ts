/** ASCII kebab-case of a Vietnamese text: "Thủ tục đăng ký nhãn hiệu" → "thu-tuc-dang-ky-nhan-hieu". */
export function slugifyVi(text: string, maxLength = 80): string {
  const ascii = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (ascii.length <= maxLength) return ascii;
  return ascii.slice(0, maxLength).replace(/-[^-]*$/, '');
}
