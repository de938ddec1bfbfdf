import { Ajv, type Options } from 'ajv'
import addFormats from 'ajv-formats'
import type { FastifySchemaCompiler } from 'fastify'

/**
 * Two validators: the URL's parts are text, so params and query are coerced to the schema's
 * numbers and booleans; a JSON body is data, so a number where text is expected is a 400,
 * never quietly turned into text (RELIABILITY rule 8).
 */
export function schemaCompiler(): FastifySchemaCompiler<unknown> {
  const common: Options = { allErrors: false, useDefaults: true, removeAdditional: false, strict: false }
  const coercing = new Ajv({ ...common, coerceTypes: 'array' })
  const exact = new Ajv({ ...common, coerceTypes: false })
  for (const ajv of [coercing, exact]) {
    addFormats.default(ajv)
    // TypeBox marks schemas with symbols and a few keywords Ajv does not know.
    ajv.addKeyword('kind').addKeyword('modifier')
  }
  return ({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? exact : coercing).compile(schema as object)
    return (data: unknown) => (validate(data) ? { value: data } : { error: Object.assign(new Error('validation failed'), { validation: validate.errors ?? [] }) })
  }
}
