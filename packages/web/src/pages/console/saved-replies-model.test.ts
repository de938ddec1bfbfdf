import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { defaultLimits as L } from '@parloir/protocol'
import { savedReplyInput, savedReplyProblems, shortcutFrom } from './saved-replies-model.ts'

const draft = { shortcut: 'hours', title: 'Opening hours', text: 'We open at 8, {{customer.name}}.' }

describe('the saved-reply editor', () => {
  test('a shortcut is kept without its slash, in lower case', () => {
    assert.equal(shortcutFrom(' /Refund '), 'refund')
    assert.deepEqual(savedReplyInput({ ...draft, shortcut: '/Hours', title: ' Opening hours ' }, 'team'), { scope: 'team', shortcut: 'hours', title: 'Opening hours', text: draft.text })
  })

  test('a good draft has no problem', () => {
    assert.deepEqual(savedReplyProblems(draft), [])
    assert.deepEqual(savedReplyProblems({ ...draft, shortcut: 'a'.repeat(L.savedReplyShortcutChars), title: 'é'.repeat(L.savedReplyTitleChars) }), [])
  })

  test('each field is required and capped at the server’s limit', () => {
    assert.deepEqual(savedReplyProblems({ shortcut: '', title: ' ', text: '\n' }).map((p) => [p.path, p.message]), [['/shortcut', 'required'], ['/title', 'required'], ['/text', 'required']])
    assert.deepEqual(savedReplyProblems({ shortcut: 'a'.repeat(L.savedReplyShortcutChars + 1), title: 'é'.repeat(L.savedReplyTitleChars + 1), text: 'x'.repeat(L.messageTextChars + 1) }),
      [{ path: '/shortcut', message: 'tooLong', max: L.savedReplyShortcutChars }, { path: '/title', message: 'tooLong', max: L.savedReplyTitleChars }, { path: '/text', message: 'tooLong', max: L.messageTextChars }])
  })

  test('a shortcut has letters, digits, _ and - only', () => {
    assert.deepEqual(savedReplyProblems({ ...draft, shortcut: 'two words' }), [{ path: '/shortcut', message: 'badShortcut' }])
    assert.deepEqual(savedReplyProblems({ ...draft, shortcut: 'délai' }), [{ path: '/shortcut', message: 'badShortcut' }])
    assert.deepEqual(savedReplyProblems({ ...draft, shortcut: 'order_status-2' }), [])
  })
})
