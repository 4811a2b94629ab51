import { createHash, timingSafeEqual, verify as verifySignature, X509Certificate } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import type { DocumentSigner } from './token-signer.js';

/**
 * Detached CMS SignedData for a PDF signature (the `/Contents` of a `ETSI.CAdES.detached`
 * signature, PAdES baseline B-B, ETSI EN 319 142-1): the signed attributes are content-type,
 * message-digest (SHA-256 of the PDF's byte ranges) and signing-certificate-v2 (RFC 5035: the
 * SHA-256 of the signer's certificate, so that a certificate swapped afterwards fails the check).
 * No signing-time attribute: PAdES puts the claimed time in the signature dictionary's `/M`.
 */
export const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingCertificateV2: '1.2.840.113549.1.9.16.2.47',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha256WithRSA: '1.2.840.113549.1.1.11',
} as const;

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest();

/** The DER the signature is computed over: the signed attributes as an explicit SET (RFC 5652 5.4). */
function signedAttributesDer(attrs: pkijs.SignedAndUnsignedAttributes): Buffer {
  // Parsed attributes keep the bytes they were read from: verify those, not a re-encoding.
  const der = Buffer.from(
    new Uint8Array(attrs.encodedValue.byteLength > 0 ? attrs.encodedValue : attrs.toSchema().toBER(false)),
  );
  der[0] = 0x31;
  return der;
}

/** Builds the CMS SignedData (DER) over `digest` = SHA-256 of the signed bytes. */
export function buildCadesSignature(digest: Buffer, signer: DocumentSigner): Buffer {
  const certDer = signer.certificate();
  const cert = pkijs.Certificate.fromBER(new Uint8Array(certDer));
  const essCertIdV2 = new asn1js.Sequence({
    value: [
      // hashAlgorithm omitted: its DEFAULT is SHA-256.
      new asn1js.OctetString({ valueHex: new Uint8Array(sha256(certDer)) }),
      new asn1js.Sequence({
        value: [
          new pkijs.GeneralNames({
            names: [new pkijs.GeneralName({ type: 4, value: cert.issuer })],
          }).toSchema(),
          cert.serialNumber,
        ],
      }),
    ],
  });
  const signedAttrs = new pkijs.SignedAndUnsignedAttributes({
    type: 0,
    attributes: [
      new pkijs.Attribute({
        type: OIDS.contentType,
        values: [new asn1js.ObjectIdentifier({ value: OIDS.data })],
      }),
      new pkijs.Attribute({
        type: OIDS.messageDigest,
        values: [new asn1js.OctetString({ valueHex: new Uint8Array(digest) })],
      }),
      new pkijs.Attribute({
        type: OIDS.signingCertificateV2,
        values: [new asn1js.Sequence({ value: [new asn1js.Sequence({ value: [essCertIdV2] })] })],
      }),
    ],
  });
  const signature = signer.sign(signedAttributesDer(signedAttrs));
  const signerInfo = new pkijs.SignerInfo({
    version: 1,
    sid: new pkijs.IssuerAndSerialNumber({ issuer: cert.issuer, serialNumber: cert.serialNumber }),
    digestAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256 }),
    signedAttrs,
    signatureAlgorithm: new pkijs.AlgorithmIdentifier({
      algorithmId: OIDS.sha256WithRSA,
      algorithmParams: new asn1js.Null(),
    }),
    signature: new asn1js.OctetString({ valueHex: new Uint8Array(signature) }),
  });
  const signedData = new pkijs.SignedData({
    version: 1,
    digestAlgorithms: [new pkijs.AlgorithmIdentifier({ algorithmId: OIDS.sha256 })],
    encapContentInfo: new pkijs.EncapsulatedContentInfo({ eContentType: OIDS.data }),
    certificates: [cert],
    signerInfos: [signerInfo],
  });
  const contentInfo = new pkijs.ContentInfo({
    contentType: OIDS.signedData,
    content: signedData.toSchema(true),
  });
  return Buffer.from(contentInfo.toSchema().toBER(false));
}

export interface CmsCheck {
  /** SHA-256 of the signed bytes equals the message-digest attribute. */
  digestMatches: boolean;
  /** The RSA signature over the signed attributes verifies with the embedded certificate. */
  signatureValid: boolean;
  /** signing-certificate-v2 holds the SHA-256 of the embedded signer certificate. */
  certificateBound: boolean;
  /** The signer's certificate, DER. */
  certificate: Buffer;
  subject: string;
}

function attributeValue(attrs: pkijs.SignedAndUnsignedAttributes, oid: string): asn1js.AsnType | undefined {
  return attrs.attributes.find((a) => a.type === oid)?.values[0];
}

/**
 * Our own check of a detached CMS signature over `content` (the concatenated byte ranges), with
 * node:crypto only: digest, signature over the signed attributes, certificate binding. It does not
 * check the certificate chain, revocation or validity dates (see README: no trust list yet).
 */
export function checkCadesSignature(cms: Buffer, content: Buffer): CmsCheck {
  const contentInfo = pkijs.ContentInfo.fromBER(new Uint8Array(cms));
  if (contentInfo.contentType !== OIDS.signedData) throw new Error('Not a CMS SignedData');
  const signedData = new pkijs.SignedData({ schema: contentInfo.content });
  const signerInfo = signedData.signerInfos[0];
  if (!signerInfo?.signedAttrs) throw new Error('No signer with signed attributes');
  const certs = (signedData.certificates ?? []).filter(
    (c): c is pkijs.Certificate => c instanceof pkijs.Certificate,
  );
  const sid = signerInfo.sid as pkijs.IssuerAndSerialNumber;
  const cert = certs.find((c) => c.issuer.isEqual(sid.issuer) && c.serialNumber.isEqual(sid.serialNumber));
  if (!cert) throw new Error("The signer's certificate is not in the signature");
  const certDer = Buffer.from(cert.toSchema(true).toBER(false));

  const md = attributeValue(signerInfo.signedAttrs, OIDS.messageDigest) as asn1js.OctetString | undefined;
  const expected = md ? Buffer.from(md.valueBlock.valueHexView) : Buffer.alloc(0);
  const actual = sha256(content);
  const digestMatches = expected.length === actual.length && timingSafeEqual(expected, actual);

  const x509 = new X509Certificate(certDer);
  const signatureValid = verifySignature(
    'sha256',
    signedAttributesDer(signerInfo.signedAttrs),
    x509.publicKey,
    Buffer.from(signerInfo.signature.valueBlock.valueHexView),
  );

  const v2 = attributeValue(signerInfo.signedAttrs, OIDS.signingCertificateV2) as asn1js.Sequence | undefined;
  const firstId = (v2?.valueBlock.value[0] as asn1js.Sequence | undefined)?.valueBlock.value[0] as
    asn1js.Sequence | undefined;
  const hash = firstId?.valueBlock.value.find(
    (v): v is asn1js.OctetString => v instanceof asn1js.OctetString,
  );
  const certificateBound = !!hash && Buffer.from(hash.valueBlock.valueHexView).equals(sha256(certDer));

  return { digestMatches, signatureValid, certificateBound, certificate: certDer, subject: x509.subject };
}
