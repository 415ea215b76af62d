import { crc32, deflateRawSync } from 'node:zlib';

/**
 * A minimal Office Open XML (ECMA-376) spreadsheet writer: inline strings, numbers, bold /
 * wrapped cells, column widths and a frozen header row — what the report's workbook needs.
 * Written directly (not through a general workbook library) because the report's ~10⁴ rows
 * took ~1–3 s through exceljs and this takes a few tens of ms; the zip entries carry a fixed
 * timestamp, so identical runs give byte-identical workbooks.
 */

export type XlsxCell = string | number | null;

/** Cell styles of the writer's fixed style sheet (indices into cellXfs). */
export const XLSX_STYLE = { plain: 0, bold: 1, wrapTop: 2, boldWrapTop: 3 } as const;
export type XlsxStyle = (typeof XLSX_STYLE)[keyof typeof XLSX_STYLE];

export interface XlsxSheet {
  /** ≤ 31 characters, none of : \ / ? * [ ] — checked. */
  readonly name: string;
  readonly rows: readonly (readonly XlsxCell[])[];
  /** Column widths in characters (Excel's unit), first column first. */
  readonly widths?: readonly number[];
  /** Style of each row (default plain); rows beyond the array are plain. */
  readonly rowStyles?: readonly XlsxStyle[];
  /** Freeze the first row (header) when scrolling. */
  readonly freezeHeader?: boolean;
}

export interface XlsxWorkbookInfo {
  readonly creator: string;
}

const XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** XML text: escapes markup and drops characters XML 1.0 forbids (C0 controls but tab/LF/CR). */
function xmlText(s: string): string {
  return s
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** A1-style column letters of a 0-based column index. */
export function columnLetters(j: number): string {
  let s = '';
  let n = j + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

function sheetXml(sheet: XlsxSheet): string {
  const parts: string[] = [
    XML_HEAD,
    `<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}">`,
    sheet.freezeHeader
      ? '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>'
      : '<sheetViews><sheetView workbookViewId="0"/></sheetViews>',
    '<sheetFormatPr defaultRowHeight="15"/>',
  ];
  if (sheet.widths && sheet.widths.length > 0)
    parts.push(
      `<cols>${sheet.widths.map((w, j) => `<col min="${j + 1}" max="${j + 1}" width="${w}" customWidth="1"/>`).join('')}</cols>`,
    );
  parts.push('<sheetData>');
  const letters: string[] = [];
  sheet.rows.forEach((row, i) => {
    const r = i + 1;
    const style = sheet.rowStyles?.[i] ?? 0;
    const s = style ? ` s="${style}"` : '';
    let cells = '';
    for (let j = 0; j < row.length; j++) {
      const v = row[j];
      if (v === null || v === undefined) continue;
      if (typeof v === 'number' && !Number.isFinite(v)) continue; // missing, as in the CSV
      letters[j] ??= columnLetters(j);
      const ref = `${letters[j]}${r}`;
      // String(v) is the shortest round-trip form; xsd:double accepts its exponent notation.
      if (typeof v === 'number') cells += `<c r="${ref}"${s}><v>${String(v)}</v></c>`;
      else cells += `<c r="${ref}"${s} t="inlineStr"><is><t xml:space="preserve">${xmlText(v)}</t></is></c>`;
    }
    parts.push(`<row r="${r}"${style ? ` s="${style}" customFormat="1"` : ''}>${cells}</row>`);
  });
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

const STYLES_XML =
  XML_HEAD +
  `<styleSheet xmlns="${NS_MAIN}">` +
  '<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>' +
  '<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="4">' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1"><alignment vertical="top" wrapText="1"/></xf>' +
  '</cellXfs>' +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
  '</styleSheet>';

/** The .xlsx bytes of a workbook with the given sheets, in order. */
export function xlsxWorkbook(sheets: readonly XlsxSheet[], info: XlsxWorkbookInfo): Uint8Array {
  const names = new Set<string>();
  for (const s of sheets) {
    if (s.name.length === 0 || s.name.length > 31 || /[:\\/?*[\]]/.test(s.name))
      throw new Error(`xlsx: invalid sheet name "${s.name}"`);
    const key = s.name.toLowerCase(); // Excel compares sheet names case-insensitively
    if (names.has(key)) throw new Error(`xlsx: duplicate sheet name "${s.name}"`);
    names.add(key);
  }
  const files: [string, string][] = [
    [
      '[Content_Types].xml',
      `${XML_HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
        '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>' +
        sheets
          .map(
            (_, k) =>
              `<Override PartName="/xl/worksheets/sheet${k + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    ],
    [
      '_rels/.rels',
      `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
        '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>' +
        '</Relationships>',
    ],
    [
      'docProps/core.xml',
      `${XML_HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">` +
        `<dc:creator>${xmlText(info.creator)}</dc:creator></cp:coreProperties>`,
    ],
    [
      'xl/workbook.xml',
      `${XML_HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}"><bookViews><workbookView/></bookViews><sheets>` +
        sheets
          .map((s, k) => `<sheet name="${xmlText(s.name)}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`)
          .join('') +
        '</sheets></workbook>',
    ],
    [
      'xl/_rels/workbook.xml.rels',
      `${XML_HEAD}<Relationships xmlns="${NS_PKG_REL}">` +
        sheets
          .map(
            (_, k) =>
              `<Relationship Id="rId${k + 1}" Type="${NS_REL}/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`,
          )
          .join('') +
        `<Relationship Id="rId${sheets.length + 1}" Type="${NS_REL}/styles" Target="styles.xml"/>` +
        '</Relationships>',
    ],
    ['xl/styles.xml', STYLES_XML],
    ...sheets.map((s, k): [string, string] => [`xl/worksheets/sheet${k + 1}.xml`, sheetXml(s)]),
  ];
  return zipArchive(files.map(([name, text]) => ({ name, data: Buffer.from(text, 'utf8') })));
}

/**
 * A ZIP archive (PKWARE APPNOTE 6.3: local headers, central directory, end record), every
 * entry deflated, dated 1980-01-01 00:00 (the DOS epoch) so the bytes depend on content only.
 */
function zipArchive(entries: readonly { name: string; data: Buffer }[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  const DOS_DATE = (0 << 9) | (1 << 5) | 1; // 1980-01-01
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const packed = deflateRawSync(e.data, { level: 6 });
    const crc = crc32(e.data) >>> 0;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed: 2.0 (deflate)
    local.writeUInt16LE(0x0800, 6); // UTF-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(0, 10); // time 00:00
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(e.data.length, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    chunks.push(local, name, packed);
    const dir = Buffer.alloc(46);
    dir.writeUInt32LE(0x02014b50, 0);
    dir.writeUInt16LE(20, 4); // made by: 2.0, MS-DOS attributes
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(0x0800, 8);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt16LE(0, 12);
    dir.writeUInt16LE(DOS_DATE, 14);
    dir.writeUInt32LE(crc, 16);
    dir.writeUInt32LE(packed.length, 20);
    dir.writeUInt32LE(e.data.length, 24);
    dir.writeUInt16LE(name.length, 28);
    // extra length, comment length, disk, internal attributes, external attributes: 0
    dir.writeUInt32LE(offset, 42);
    central.push(dir, name);
    offset += local.length + name.length + packed.length;
    if (offset > 0xffffffff) throw new Error('xlsx: workbook larger than 4 GiB (ZIP64 not supported)');
  }
  const dirBytes = central.reduce((a, b) => a + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(dirBytes, 12);
  end.writeUInt32LE(offset, 16);
  const all = Buffer.concat([...chunks, ...central, end]);
  return new Uint8Array(all.buffer, all.byteOffset, all.length);
}
