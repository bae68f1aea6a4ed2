// XEP-0004 data forms as pubsub uses them: node configuration (pubsub#node_config) and publish-options.
//
// [XEP-0004] https://xmpp.org/extensions/xep-0004.html
// [XEP-0060] §8.2 (configure), §7.1.5 (publish-options), §16.4.4 (the node_config fields)
import { Element, xml } from '../../xml/element.js';
import { NS_DATA_FORMS } from '../../xml/ns.js';
import { configToFields, NODE_CONFIG_FIELDS, NODE_CONFIG_FORM_TYPE, type NodeConfig } from '../node-config.js';

export const PUBLISH_OPTIONS_FORM_TYPE = 'http://jabber.org/protocol/pubsub#publish-options';

export interface SubmittedForm {
  /** `submit`, `cancel`, `form` or `result`, as sent. */
  type: string;
  /** The FORM_TYPE value, if the form has one. */
  formType: string | undefined;
  /** Field values by var, without FORM_TYPE; a multi-valued field joins its values with newlines. */
  fields: Record<string, string>;
}

/** Reads a `<x xmlns='jabber:x:data'/>`; undefined when it has no type or a field has no var. */
export function readForm(x: Element): SubmittedForm | undefined {
  const type = x.attr('type');
  if (type === undefined) return undefined;
  const fields: Record<string, string> = {};
  let formType: string | undefined;
  for (const field of x.getChildren('field', NS_DATA_FORMS)) {
    const name = field.attr('var');
    if (name === undefined) return undefined;
    const value = field.getChildren('value', NS_DATA_FORMS).map((v) => v.text()).join('\n');
    if (name === 'FORM_TYPE') formType = value;
    else fields[name] = value;
  }
  return { type, formType, fields };
}

/** The first data form child of an element, if any. */
export const formChild = (el: Element): Element | undefined => el.getChild('x', NS_DATA_FORMS);

/** A `pubsub#node_config` form (type `form`) with the node's current values. */
export function nodeConfigForm(config: NodeConfig): Element {
  const values = configToFields(config);
  return xml('x', { xmlns: NS_DATA_FORMS, type: 'form' },
    xml('field', { var: 'FORM_TYPE', type: 'hidden' }, xml('value', null, NODE_CONFIG_FORM_TYPE)),
    NODE_CONFIG_FIELDS.map((f) => xml('field', { var: f.var, type: f.type, label: f.label },
      (f.options ?? []).map((o) => xml('option', null, xml('value', null, o))),
      xml('value', null, values[f.var] ?? ''))));
}
