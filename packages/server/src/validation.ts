import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'
import type { AppError } from '@parloir/protocol'
import { validationFailed } from './errors.ts'

/**
 * Two validators: the URL's parts are text, so params and query are coerced to the schema's
 * numbers and booleans; a JSON body is data, so a number where text is expected is a 400,
 * never quietly turned into text (docs/reliability.md, rule 8).
 */
export function schemaCompiler(): FastifySchemaCompiler<unknown> {
  const coercing = newAjv('array')
  const exact = newAjv(false)
  return ({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? exact : coercing).compile(schema as object)
    return (data: unknown) => (validate(data) ? { value: data } : { error: Object.assign(new Error('validation failed'), { validation: validate.errors ?? [] }) })
  }
}

/**
 * Every problem at once (allErrors): a form shows a sentence beside each wrong field together,
 * not one per submit. Bodies are capped in bytes before they are checked, so the extra work is bounded.
 */
function newAjv(coerceTypes: Options['coerceTypes']): Ajv {
  const ajv = new Ajv({ allErrors: true, useDefaults: true, removeAdditional: false, strict: false, coerceTypes })
  addFormats.default(ajv)
  // TypeBox marks schemas with symbols and a few keywords Ajv does not know.
  ajv.addKeyword('kind').addKeyword('modifier')
  return ajv
}

let frameAjv: Ajv | undefined

/**
 * Checks JSON data, such as a stream frame, exactly as a JSON body is checked (lengths in code
 * points, formats, no coercion): undefined when valid, else the VALIDATION_FAILED REST would answer.
 */
export function jsonValidator(schema: object): (data: unknown) => AppError | undefined {
  const validate = (frameAjv ??= newAjv(false)).compile(schema)
  return (data) => (validate(data) ? undefined : validationFailed(validate.errors ?? []))
}
