### Native speaker review: not yet

## The child's chat page. Words an eight-year-old reads: short sentences.
## Variables: $helpline is the helpline's name, $minutes a wait, $position a place in the queue.

chat-title = Write to { $helpline }
chat-intro = You can write to someone at { $helpline }. It's free and nobody will know it's you.
chat-optional = You can answer or skip.
chat-age-question = How old are you?
chat-ages-1 = under 13
chat-ages-2 = 13 to 17
chat-ages-3 = 18 or over
chat-topic-question = What is it about?
chat-topic-none = I'd rather not say
chat-danger = I am in danger right now
chat-first-message = Do you want to write what is happening already?
chat-start = Start
chat-skip = Skip the questions
chat-position = You are number { $position } in the line.
chat-next-one = You are next!
chat-wait = Wait: about { $minutes } min.
chat-wait-unknown = Someone will answer as soon as they are free.
chat-waiting-reassure = You can write already: we will read everything.
chat-write-here = Write your message
chat-send = Send
chat-sending = sending…
chat-not-sent = not sent, trying again
chat-counsellor-typing = Someone is writing…
chat-you = You
chat-helpline-says = { $helpline }
chat-end = End
chat-ended-title = The conversation has ended
chat-ended-keep = Keep this code and secret word to come back and read our answers:
chat-your-code = Your code
chat-your-word = Your secret word
## Between a label and its value ("Ton code : …"); French puts a space before it.
chat-colon = :
chat-ended-followup = Come back later
chat-quick-exit = Leave
chat-quick-exit-hint = or the Escape key
chat-offline = Connection lost. Reconnecting…
chat-reconnected = Back again.
chat-closed = The chat is closed right now. It opens { $when }.
chat-closed-form = Leave a message
chat-in-danger-call = In danger? Call 112.
chat-unknown-chat = This conversation no longer exists. You can start another one.
chat-too-long = Your message is too long (2,000 characters at most).
chat-too-fast = Slow down: wait a little before the next message.
chat-chat-ended-refused = The conversation has ended: your message was not sent.
chat-unreadable = This message is empty or holds invisible characters: it was not sent.
chat-not-yours = This conversation was passed to someone else: your message was not sent.
chat-read-only = You are reading this conversation; you do not write in it.
chat-window-closed = The app no longer lets the helpline write to this child: their last message is too old. Your text is still in the box.
chat-no-template = The invitation to write again cannot be sent here (WhatsApp only, after 24 hours, with an approved template).

## What the helpline says in a conversation. $who is one of the chat-who-* below.

chat-who-listener = a listener
chat-who-psychologist = a psychologist
chat-who-jurist = a legal adviser
chat-system-joined = You are now talking with { $who }.
chat-system-transferred = Your conversation is passed to { $who }: stay here, you will get an answer soon.
## Written from a messaging app while the line is closed; $when says when it opens.
chat-system-closed = { $when } Your message has arrived: someone will answer you here as soon as the line opens.
## WhatsApp's approved template was sent (the app shows Meta's own text).
chat-system-reengage = Invitation to write to us again sent (WhatsApp template).
chat-system-ended = The conversation has ended.
