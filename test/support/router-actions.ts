/** The Action Router configuration the node and e2e tests share: two actions with one field each. */
export const ROUTER_ACTIONS = {
	action: [
		{
			name: 'check_subscription',
			description: 'Check whether the visitor is subscribed to the newsletter',
			examples:
				'am I subscribed to your newsletter\nI never get your emails\ncheck my subscription\nare you still sending me the newsletter\nwhy am I not getting your emails',
			fields: { field: [{ name: 'email', question: 'Which email address should I check?', type: 'email', required: true }] },
		},
		{
			name: 'order_status',
			description: 'Tell the visitor where their order is',
			examples: 'where is my order\nhas my order shipped\ntrack my package\nwhen will my order arrive\norder status please',
			fields: {
				field: [{ name: 'order_id', question: 'What is your order number?', type: 'regex', pattern: '\\d{5}', required: true }],
			},
		},
	],
};
